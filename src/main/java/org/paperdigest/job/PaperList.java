package org.paperdigest.job;

import java.util.List;

import org.paperdigest.ingest.PaperStore;
import org.paperdigest.job.SentPapers.AlreadySent;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.rendering.DigestRenderer;

/**
 * The papers a run matches a reader against, the day's or (for a weekly reader) the week's, with what each
 * reader got of them already, and their entries as the digests of the run render them.
 *
 * @param origins where each paper of a week's list was listed; null for the day's list
 */
record PaperList(DayMatcher matcher, AlreadySent sent, List<PaperStore.Listed> origins, DigestRenderer.Issue issue) {

    /**
     * The chosen papers as the delivery record keeps them: positions in the day's list ("3,17,42"), or where a
     * week's papers were listed ("2025-07-28:3,2025-07-29:17").
     */
    String recorded(List<MatchedPaper> papers) {
        StringBuilder recorded = new StringBuilder(papers.size() * (origins == null ? 3 : 14));
        for (MatchedPaper p : papers) {
            recorded.append(recorded.isEmpty() ? "" : ",");
            if (origins == null) {
                recorded.append(p.paper().position());
            } else {
                PaperStore.Listed origin = origins.get(p.paper().position());
                recorded.append(origin.date()).append(':').append(origin.position());
            }
        }
        return recorded.toString();
    }
}
