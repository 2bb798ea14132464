package org.paperdigest.job;

import java.time.LocalDate;

/**
 * The papers one run matches its readers against: the day's, built when its first partition starts, and the
 * week's, when its first weekly reader needs them. Job-scoped, so they go with the run.
 */
class RunPapers {

    private final DigestPipeline pipeline;
    private final LocalDate date;
    private final PaperList day;
    private PaperList week;

    RunPapers(DigestPipeline pipeline, LocalDate date) {
        this.pipeline = pipeline;
        this.date = date;
        this.day = pipeline.day(date);
    }

    PaperList of(boolean weekly) {
        return weekly ? week() : day;
    }

    private synchronized PaperList week() {
        if (week == null) {
            week = pipeline.week(date);
        }
        return week;
    }
}
