package org.paperdigest.matching;

import java.time.LocalDate;
import java.util.List;

import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.springframework.stereotype.Component;

/** Gives the matcher for an issue date, built once per run from the papers loaded into H2. */
@Component
public class Matching {

    private final PaperStore papers;
    private final InterestQueries queries;
    private LocalDate cachedDate;
    private DayMatcher cached;

    public Matching(PaperStore papers, InterestQueries queries) {
        this.papers = papers;
        this.queries = queries;
    }

    public synchronized DayMatcher forDay(LocalDate date) {
        if (!date.equals(cachedDate)) {
            cached = of(papers.findDay(date));
            cachedDate = date;
        }
        return cached;
    }

    /** A matcher over papers that are not (yet) in the database, for preview. */
    public DayMatcher of(List<Paper> dayPapers) {
        return new DayMatcher(DayIndex.of(dayPapers, queries));
    }
}
