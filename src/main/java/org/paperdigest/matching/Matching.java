package org.paperdigest.matching;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Gives the matcher for an issue date, built once per run from the papers loaded into H2. */
@Component
public class Matching {

    private static final Logger log = LoggerFactory.getLogger(Matching.class);

    /** The papers of earlier days "papers like these" reads at most: the latest, some 500 days of a busy list. */
    static final int HISTORY_PAPERS = 50_000;

    private final PaperStore papers;
    private final InterestQueries queries;
    private final Supplier<List<PaperStore.StoredText>> history;
    private LocalDate cachedDate;
    private List<Paper> cachedPapers;
    private DayMatcher cached;

    /**
     * Readers' examples are found among the stored papers (the latest {@link #HISTORY_PAPERS}), which are also
     * the statistics of "papers like these", read when a reader with examples first needs them; without a
     * store (tests), among the papers matched only.
     */
    public Matching(PaperStore papers, InterestQueries queries) {
        this.papers = papers;
        this.queries = queries;
        this.history = papers == null ? List::of : () -> papers.latestTexts(HISTORY_PAPERS);
    }

    /** The matcher of the papers H2 holds for the date: the one built last, if it was built of them. */
    public synchronized DayMatcher forDay(LocalDate date) {
        List<Paper> day = papers.findDay(date);
        if (!isCached(date, day)) {
            cache(date, day);
        }
        return cached;
    }

    /**
     * Starts building the matcher of a day on a thread of its own, while the run does other work first, so
     * that the first chunk of a send does not wait for it.
     *
     * @param dayPapers the papers about to be loaded, which {@link #forDay} checks against what H2 then holds;
     *                  {@code null} for those H2 holds already
     * @return the thread that builds it
     */
    public Thread prepare(LocalDate date, List<Paper> dayPapers) {
        Thread thread = new Thread(() -> {
            try {
                synchronized (this) {
                    if (dayPapers == null) {
                        forDay(date);
                    } else if (!isCached(date, dayPapers)) {
                        cache(date, dayPapers);
                    }
                }
            } catch (RuntimeException e) {
                // the send step builds it again and fails with the same problem, where the run reports it
                log.warn("Building the matcher of {} ahead failed: {}", date, e.toString());
            }
        }, "day-matcher");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The papers of the week that ends with an issue date, and their matcher. */
    public record Week(DayMatcher matcher, List<PaperStore.Listed> origins) {
    }

    /**
     * The matcher of the week that ends with the date, for weekly readers: the papers of its seven issue dates
     * that H2 holds, each once ({@link PaperStore#findWeek}).
     */
    public Week forWeek(LocalDate date) {
        PaperStore.WeekPapers papersOfTheWeek = papers.findWeek(date);
        return new Week(of(papersOfTheWeek.papers()), papersOfTheWeek.origins());
    }

    /** A matcher over papers that are not (yet) in the database, for preview. */
    public DayMatcher of(List<Paper> dayPapers) {
        return new DayMatcher(DayIndex.of(dayPapers, queries), new RelatedPapers(dayPapers, history));
    }

    private boolean isCached(LocalDate date, List<Paper> day) {
        return date.equals(cachedDate) && day.equals(cachedPapers);
    }

    private void cache(LocalDate date, List<Paper> day) {
        cached = of(day);
        cachedPapers = day;
        cachedDate = date;
    }
}
