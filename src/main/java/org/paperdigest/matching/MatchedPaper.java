package org.paperdigest.matching;

import java.util.List;

import org.paperdigest.ingest.Paper;

/** A paper chosen for one subscriber, with the interests that chose it (as {@link InterestLabel} shows them) and where they matched. */
public record MatchedPaper(Paper paper, double score, List<String> interests, List<Span> titleSpans,
        List<Span> summarySpans) {
}
