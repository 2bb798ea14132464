package org.paperdigest.matching;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the matchers of an issue date's papers. It keeps none: a run holds the one it matches with for as long
 * as it runs (the job-scoped {@code RunPapers}).
 */
@Component
public class Matching {

    private static final Logger log = LoggerFactory.getLogger(Matching.class);

    /** The papers of earlier days "papers like these" reads at most: the latest, some 500 days of a busy list. */
    static final int HISTORY_PAPERS = 50_000;

    private final PaperStore papers;
    private final InterestQueries queries;
    private final Supplier<List<PaperStore.StoredText>> history;
    /** The matcher being built ahead for the next run, until that run takes it. */
    private final AtomicReference<Prepared> prepared = new AtomicReference<>();

    private record Prepared(LocalDate date, CompletableFuture<DayMatcher> matcher) {
    }

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

    /**
     * The matcher of the papers H2 holds for the date: the one {@link #prepare prepared} for the run if it was
     * built of them, else a new one.
     */
    public DayMatcher forDay(LocalDate date) {
        List<Paper> day = papers.findDay(date);
        Prepared ahead = prepared.getAndSet(null);
        if (ahead != null && ahead.date().equals(date)) {
            try {
                DayMatcher built = ahead.matcher().join();
                if (built.papers().equals(day)) {
                    return built;
                }
            } catch (CompletionException e) {
                // built again below, and failing with the same problem where the run reports it
            }
        }
        return of(day);
    }

    /**
     * Starts building the matcher of a day on a thread of its own, while the run does other work first, so
     * that the first chunk of a send does not wait for it; {@link #forDay} hands it to the run.
     *
     * @param dayPapers the papers about to be loaded, which {@link #forDay} checks against what H2 then holds;
     *                  {@code null} for those H2 holds already
     */
    public CompletableFuture<DayMatcher> prepare(LocalDate date, List<Paper> dayPapers) {
        CompletableFuture<DayMatcher> matcher = new CompletableFuture<>();
        prepared.set(new Prepared(date, matcher));
        Thread thread = new Thread(() -> {
            try {
                matcher.complete(of(dayPapers == null ? papers.findDay(date) : dayPapers));
            } catch (RuntimeException e) {
                log.warn("Building the matcher of {} ahead failed: {}", date, e.toString());
                matcher.completeExceptionally(e);
            }
        }, "day-matcher");
        thread.setDaemon(true);
        thread.start();
        return matcher;
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
}
