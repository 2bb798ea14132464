package org.paperdigest.matching;

import java.util.List;

/** One paper that an interest matched, with its relevance and where in the text it matched. */
record InterestHit(int position, float score, List<Span> titleSpans, List<Span> summarySpans) {
}
