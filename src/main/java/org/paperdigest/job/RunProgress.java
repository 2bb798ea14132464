package org.paperdigest.job;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.delivery.StopRequest;
import org.paperdigest.remote.RemoteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What {@code send} shows while it runs: a progress bar on a terminal, otherwise one plain line every
 * {@link #LINE_INTERVAL} on stderr (for a log). It reads what is counted anyway (the outcome counters of
 * {@code DeliveryMetrics}, the steps' filter counts in the job repository, a writer's wait to retry), on its
 * own thread, so a message costs nothing more. A manager of remote workers counts nothing itself: it reads the
 * outcomes the workers record in the delivery table instead. The run's total is counted as its job starts, before
 * the send writes a delivery: counted later, the same query reads the delivery table while four connections write
 * to it, and took seconds of CPU from the send's start.
 */
@Component
public class RunProgress implements JobExecutionListener {

    static final Duration LINE_INTERVAL = Duration.ofSeconds(10);
    static final Duration BAR_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final DeliveryStore deliveries;
    private final StopRequest writers;
    private final boolean remote;
    /** The run shown now, if any: its job's start counts its total. */
    private volatile Shown shown;

    RunProgress(MeterRegistry registry, JdbcClient jdbc, DeliveryStore deliveries, StopRequest writers,
            RemoteProperties remote) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.writers = writers;
        this.remote = remote.enabled();
    }

    /** Shows the progress of the date's run until closed: a bar when {@code terminal}, else lines on {@code err}. */
    public AutoCloseable show(LocalDate date, PrintWriter err, boolean terminal) {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "progress");
            thread.setDaemon(true);
            return thread;
        });
        Instant started = Instant.now();
        Watch watch = new Watch(outcomes(date, started), started);
        Shown run = new Shown(date, started, watch, ticks);
        shown = run;
        ProgressBar bar = terminal ? bar(date, System.err) : null;
        Duration every = terminal ? BAR_INTERVAL : LINE_INTERVAL;
        ticks.scheduleAtFixedRate(() -> {
            try {
                Snapshot now = watch.next(outcomes(date, started), filtered(), () -> total(date, started),
                        writers.nextTry(), Instant.now());
                if (now == null) {
                    return; // the job has not started yet: papers and subscribers are being loaded
                }
                if (bar != null) {
                    bar.maxHint(now.total()).stepTo(now.done()).setExtraMessage(now.extra());
                } else {
                    err.println(now.line(date));
                }
            } catch (RuntimeException e) {
                log.debug("no progress this time", e); // progress never fails a run
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            shown = null;
            ticks.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        };
    }

    /** Counts the shown run's total on the progress thread, now that its subscribers are synced. */
    @Override
    public void beforeJob(JobExecution execution) {
        Shown run = shown;
        if (run != null) {
            Instant jobStarted = Instant.now();
            run.ticks().execute(() -> {
                try {
                    run.watch().counted(total(run.date(), run.started()), jobStarted);
                } catch (RuntimeException e) {
                    log.debug("no total this time; the first update counts it", e);
                }
            });
        }
    }

    private record Shown(LocalDate date, Instant started, Watch watch, ScheduledExecutorService ticks) {
    }

    static ProgressBar bar(LocalDate date, PrintStream terminal) {
        return new ProgressBarBuilder().setTaskName("issue " + date).setInitialMax(-1).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setUnit(" msgs", 1).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
    }

    /** Messages by outcome so far: in this process, or for a manager, the workers' since {@code started}. */
    private Outcomes outcomes(LocalDate date, Instant started) {
        if (remote) {
            Map<DeliveryStatus, Integer> recorded = deliveries.countsByStatus(date,
                    OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
            return new Outcomes(recorded.get(DeliveryStatus.DELIVERED), recorded.get(DeliveryStatus.FAILED),
                    recorded.get(DeliveryStatus.BOUNCED), recorded.get(DeliveryStatus.UNKNOWN));
        }
        return new Outcomes(count(DeliveryStatus.DELIVERED), count(DeliveryStatus.FAILED),
                count(DeliveryStatus.BOUNCED), count(DeliveryStatus.UNKNOWN));
    }

    private long count(DeliveryStatus status) {
        Counter counter = registry.find("paper_digest.messages").tag("outcome", status.name().toLowerCase(Locale.ROOT))
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /**
     * Subscribers of the running send without a match (skipped), as of its workers' last committed chunks;
     * null while no send runs.
     */
    private Long filtered() {
        return jdbc.sql("""
                SELECT COALESCE((SELECT SUM(se.filter_count) FROM batch_step_execution se
                    WHERE se.job_execution_id = je.job_execution_id AND se.step_name LIKE ?), 0)
                FROM batch_job_execution je JOIN batch_job_instance ji ON ji.job_instance_id = je.job_instance_id
                WHERE ji.job_name = ? AND je.status IN ('STARTING', 'STARTED')""")
                .params(DailyDigestJobConfiguration.SEND_RANGE_STEP + ":%", DailyDigestJobConfiguration.JOB_NAME)
                .query(Long.class).optional().orElse(null);
    }

    /**
     * The run's subscribers: those still owed the date's digest, with the send readers' own condition, and
     * those the run has finished since {@code started} (before the job started). One query, so an outcome that
     * is flushed meanwhile moves from one count to the other.
     */
    private long total(LocalDate date, Instant started) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM subscriber WHERE " + DailyDigestJobConfiguration.READABLE
                + " AND " + DailyDigestJobConfiguration.OWED + ") + "
                + "(SELECT COUNT(*) FROM delivery d WHERE d.issue_date = :date AND d.updated_at >= :started AND "
                + DeliveryStore.FINISHED + ")")
                .param("date", date).param("started", OffsetDateTime.ofInstant(started, ZoneOffset.UTC))
                .param("weekday", DailyDigestJobConfiguration.weekday(date))
                .query(Long.class).single();
    }

    /** A run's progress, from the first update that finds its job running; used on the progress thread only. */
    static final class Watch {

        private final Outcomes baseline;
        /** When the command started, or once known, the job: the first update's rate is since then. */
        private Instant started;
        private long total = -1;
        private long doneAtFirst;
        private Instant first;

        Watch(Outcomes baseline, Instant started) {
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
