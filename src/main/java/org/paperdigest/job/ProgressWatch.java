package org.paperdigest.job;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.LongSupplier;

/** A run's progress, from the first update that finds its job running; used on the progress thread only. */
final class ProgressWatch {

    private final Outcomes baseline;
    /** When the command started, or once known, the job: the first update's rate is since then. */
    private Instant started;
    private long total = -1;
    private long doneAtFirst;
    private Instant first;

    ProgressWatch(Outcomes baseline, Instant started) {
        this.baseline = baseline;
        this.started = started;
    }

    /** The run's total, counted as its job started. */
    void counted(long total, Instant jobStarted) {
        if (this.total < 0) {
            this.total = total;
            this.started = jobStarted;
        }
    }

    /** The progress now; null while the job has not started ({@code filtered} null). */
    Snapshot next(Outcomes counted, Long filtered, LongSupplier total, Instant nextTry, Instant now) {
        if (filtered == null) {
            return null;
        }
        Outcomes outcomes = counted.since(baseline);
        long done = outcomes.all() + filtered;
        if (first == null) {
            if (this.total < 0) {
                this.total = total.getAsLong(); // the job's start did not count it (see beforeJob)
            }
            doneAtFirst = done;
            first = now;
        }
        double rate = now.isAfter(first) ? (done - doneAtFirst) / seconds(first, now)
                : done / seconds(started, now);
        return new Snapshot(Math.min(done, this.total), this.total, outcomes, rate, nextTry);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(Duration.between(from, to).toMillis(), 1) / 1000.0;
    }

    record Outcomes(long delivered, long failed, long bounced, long unknown) {

        Outcomes since(Outcomes start) {
            return new Outcomes(delivered - start.delivered, failed - start.failed, bounced - start.bounced,
                    unknown - start.unknown);
        }

        long all() {
            return delivered + failed + bounced + unknown;
        }
    }

    /** One update: done of total (outcomes and skipped), the rate since the run started, and a retry's wait. */
    record Snapshot(long done, long total, Outcomes outcomes, double rate, Instant nextTry) {

        Duration eta() {
            return rate <= 0 ? null : Duration.ofSeconds((long) Math.ceil((total - done) / rate));
        }

        String line(LocalDate date) {
            Duration eta = eta();
            return "paper-digest: issue " + date + ": " + done + "/" + total + " done, " + outcomes.delivered()
                    + " delivered, " + outcomes.failed() + " failed, " + outcomes.bounced() + " bounced, "
                    + String.format(Locale.ROOT, "%.1f", rate) + " msgs/s, "
                    + (eta == null ? "ETA unknown" : "ETA " + seconds(eta)) + waiting();
        }

        /** What the bar shows after its counts, rate and times: short, a terminal may be 80 columns wide. */
        String extra() {
            return " " + (outcomes.failed() + outcomes.bounced()) + " failed"
                    + (nextTry == null ? "" : ", relay down, next try " + at(nextTry));
        }

        private String waiting() {
            return nextTry == null ? "" : "; the relay is not taking mail: waiting, next try at " + at(nextTry);
        }

        private static LocalTime at(Instant instant) {
            return LocalTime.ofInstant(instant, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
        }

        private static String seconds(Duration d) {
            return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
        }
    }
}
