package org.paperdigest.matching;

import java.util.List;

/** Matchers for the matching tests, which need no papers of earlier days. */
final class DayMatchers {

    private DayMatchers() {
    }

    /** A matcher whose readers' examples are looked up among the day's papers only. */
    static DayMatcher of(DayIndex index) {
        return new DayMatcher(index, new RelatedPapers(index.papers(), List::of));
    }
}
