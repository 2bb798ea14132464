package org.paperdigest.matching;

import java.util.List;

import org.paperdigest.ingest.Paper;

/**
 * A paper chosen for one subscriber, with the interests that chose it (as {@link InterestLabel} shows them) and where
 * they matched.
 *
 * @param relatedTo for a paper chosen for being like one of the reader's examples, that example's title (and
 *                  {@code interests} is empty); null for a paper an interest chose
 */
public record MatchedPaper(Paper paper, double score, List<String> interests, List<Span> titleSpans,
        List<Span> summarySpans, String relatedTo) {

    /** A paper an interest chose. */
    public MatchedPaper(Paper paper, double score, List<String> interests, List<Span> titleSpans,
            List<Span> summarySpans) {
        this(paper, score, interests, titleSpans, summarySpans, null);
    }
}
