package org.paperdigest.job;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.delivery.StopRequest;
import org.paperdigest.job.ProgressWatch.Outcomes;
import org.paperdigest.job.ProgressWatch.Snapshot;
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
 * outcomes the workers record in the delivery table instead. A first run's total is counted as its job starts,
 * before the send writes a delivery: counted later, the same query reads the delivery table while four connections
 * write to it, and took seconds of CPU from the send.
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
        ProgressWatch watch = new ProgressWatch(outcomes(date, started), started);
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

    /**
     * Counts a first run's total on the progress thread, now that its subscribers are synced and before it sends.
     * A resume is left to count at its first update: with the date's deliveries there, the count reads one per
     * subscriber, and slowed the resume's start more than it slows a later update (docs/performance.md).
     */
    @Override
    public void beforeJob(JobExecution execution) {
        Shown run = shown;
        boolean firstRun = execution.getJobParameters().getString(DailyDigestJobConfiguration.SYNC_TOTALS) != null;
        if (run != null && firstRun) {
            Instant jobStarted = Instant.now();
            try {
                run.ticks().execute(() -> {
                    try {
                        run.watch().counted(total(run.date(), run.started()), jobStarted);
                    } catch (RuntimeException e) {
                        log.debug("no total this time; the first update counts it", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("the progress shown is over: no total to count", e); // progress never fails a run
            }
        }
    }

    private record Shown(LocalDate date, Instant started, ProgressWatch watch, ScheduledExecutorService ticks) {
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
}
