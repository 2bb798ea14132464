package org.paperdigest.job;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.delivery.Mailer;
import org.paperdigest.delivery.SuppressionList;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.subscribers.SubscriberRepository;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/** Builds the run summary of a job execution from the job repository and the delivery record. */
@Component
class RunReports {

    private final PaperStore papers;
    private final SubscriberRepository subscribers;
    private final DeliveryStore deliveries;
    private final Mailer mailer;
    private final SuppressionList suppressions;
    private final SenderLock lock;
    private final JournalCounts journalCounts;

    RunReports(PaperStore papers, SubscriberRepository subscribers, DeliveryStore deliveries, Mailer mailer,
            SuppressionList suppressions, SenderLock lock, JournalCounts journalCounts) {
        this.lock = lock;
        this.journalCounts = journalCounts;
        this.suppressions = suppressions;
        this.papers = papers;
        this.subscribers = subscribers;
        this.deliveries = deliveries;
        this.mailer = mailer;
    }

    RunSummary summarize(LocalDate date, JobExecution execution) {
        StepExecution send = step(execution, DailyDigestJobConfiguration.SEND_STEP);
        if (send == null) {
            send = step(execution, ResendFailedJobConfiguration.STEP_NAME);
        }
        String syncTotals = execution.getJobParameters().getString(DailyDigestJobConfiguration.SYNC_TOTALS);
        LocalDateTime started = execution.getStartTime();
        boolean dead = dead(execution);
        // resend-failed runs only on a date whose daily run completed (DigestRuns.resendFailed).
        boolean dayCompleted = execution.getStatus() == BatchStatus.COMPLETED
                || execution.getJobInstance().getJobName().equals(ResendFailedJobConfiguration.JOB_NAME);
        SubscriberRepository.Counts subscriberCounts = subscribers.counts();
        // A dead run ended when its process last wrote to the repository.
        LocalDateTime ended = dead ? execution.getLastUpdated() : execution.getEndTime();
        Map<DeliveryStatus, Integer> counts = deliveries.countsByStatus(date);
        long sent = started == null ? 0 : deliveries.countsByStatus(date,
                started.atZone(ZoneId.systemDefault()).toOffsetDateTime()).get(DeliveryStatus.DELIVERED);
        RunSummary.Progress progress = null;
        if (execution.isRunning()) {
            // What its journal holds yet: a live run's latest outcomes, or a dead one's that another command's
            // lock kept status from replaying. Read after the database: outcomes recorded meanwhile are left
            // out once rather than counted twice.
            Map<DeliveryStatus, Integer> journaled = journalCounts.of(date);
            journaled.forEach((status, n) -> counts.merge(status, n, Integer::sum));
            sent += journaled.getOrDefault(DeliveryStatus.DELIVERED, 0);
            progress = dead ? null : progress(execution, counts, sent, subscriberCounts.active());
        }
        return new RunSummary(date, execution.getStatus().name(), dead, dayCompleted, between(started, ended),
                papers.countDay(date), syncTotals, subscriberCounts.active(), subscriberCounts.inactive(),
                send == null ? 0 : send.getReadCount(), send == null ? 0 : send.getFilterCount(), counts, sent,
                send == null ? Duration.ZERO : between(send.getStartTime(), send.getEndTime()),
                recordedDestination(execution), deliveries.failures(date), suppressions.all(), progress);
    }

    /**
     * How far a run that another process is running has got. Its workers report the subscribers without a
     * match at each chunk's end; until then they count as pending, so pending is at most what is left.
     */
    private RunSummary.Progress progress(JobExecution execution, Map<DeliveryStatus, Integer> counts, long sent,
            long active) {
        long done = counts.values().stream().mapToLong(Integer::longValue).sum();
        long skipped = execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().startsWith(DailyDigestJobConfiguration.SEND_RANGE_STEP + ":"))
                .mapToLong(StepExecution::getFilterCount).sum();
        double seconds = between(execution.getStartTime(), null).toMillis() / 1000.0;
        return new RunSummary.Progress(lock.holder().map(LockHolder::pid).orElse(0L), done,
                Math.max(0, active - done - skipped), seconds <= 0 ? 0 : sent / seconds);
    }

    /**
     * One line of {@code status}'s history: the date's latest daily run, its deliveries over the whole date,
     * and its subscribers with a match and its time summed over the date's runs (a resume goes on from the last).
     */
    DateHistory history(LocalDate date, List<JobExecution> executions) {
        JobExecution last = executions.get(executions.size() - 1);
        RunSummary summary = summarize(date, last);
        Considered considered = considered(executions);
        long matched = considered.considered() - considered.noMatch();
        Duration took = Duration.ZERO;
        for (JobExecution execution : executions) {
            took = took.plus(between(execution.getStartTime(),
                    dead(execution) ? execution.getLastUpdated() : execution.getEndTime()));
        }
        String state = summary.dead() ? summary.status() + " (dead)"
                : summary.progress() != null ? summary.status() + " (running)" : summary.status();
        Map<DeliveryStatus, Integer> counts = summary.deliveries();
        return new DateHistory(date, state, summary.papers(), matched, counts.get(DeliveryStatus.DELIVERED),
                counts.get(DeliveryStatus.FAILED), counts.get(DeliveryStatus.BOUNCED), took.toMillis() / 1000.0);
    }

    /** Subscribers the send steps took up, and those of them without a match, over these daily runs of a date. */
    record Considered(long considered, long noMatch) {
    }

    static Considered considered(List<JobExecution> dailyRuns) {
        long considered = 0;
        long noMatch = 0;
        for (JobExecution execution : dailyRuns) {
            StepExecution send = step(execution, DailyDigestJobConfiguration.SEND_STEP);
            considered += send == null ? 0 : send.getReadCount();
            noMatch += send == null ? 0 : send.getFilterCount();
        }
        return new Considered(considered, noMatch);
    }

    /**
     * Whether a run marked as running in the repository is dead: no other process that holds the
     * {@link SenderLock} may be running it (the OS drops the lock of a process that was killed or crashed). This
     * process asks only between its own runs, so a run marked running is never one it runs.
     */
    boolean dead(JobExecution execution) {
        if (!execution.isRunning()) {
            return false;
        }
        LocalDate date = execution.getJobParameters().getLocalDate(DailyDigestJobConfiguration.ISSUE_DATE);
        return lock.holder().filter(holder -> holder.pid() != ProcessHandle.current().pid())
                .map(holder -> !holder.mayRun(date)).orElse(true);
    }

    /** The state of a run for the operator: a run left STARTED by a dead process says so, a live one that it runs. */
    String state(JobExecution execution) {
        if (!execution.isRunning()) {
            return execution.getStatus().name();
        }
        return execution.getStatus() + (dead(execution) ? ", but its process is gone" : ", running now");
    }

    /** Where a run started now would send: recorded with the run (see {@link #recordedDestination}). */
    String destination(LocalDate date) {
        return mailer.destination(date);
    }

    /** Where the run sent, as recorded when it started, whatever the settings of the command that reports it. */
    private static String recordedDestination(JobExecution execution) {
        String destination = execution.getJobParameters().getString(DailyDigestJobConfiguration.DESTINATION);
        return destination != null ? destination : "not recorded (the run predates the record)";
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElse(null);
    }

    private static Duration between(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return Duration.ZERO;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end);
    }
}
