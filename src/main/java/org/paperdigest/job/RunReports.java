package org.paperdigest.job;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

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

    RunReports(PaperStore papers, SubscriberRepository subscribers, DeliveryStore deliveries, Mailer mailer,
            SuppressionList suppressions) {
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
        boolean dead = DigestRuns.dead(execution);
        // resend-failed runs only on a date whose daily run completed (DigestRuns.resendFailed).
        boolean dayCompleted = execution.getStatus() == BatchStatus.COMPLETED
                || execution.getJobInstance().getJobName().equals(ResendFailedJobConfiguration.JOB_NAME);
        SubscriberRepository.Counts subscriberCounts = subscribers.counts();
        // A dead run ended when its process last wrote to the repository.
        LocalDateTime ended = dead ? execution.getLastUpdated() : execution.getEndTime();
        return new RunSummary(date, execution.getStatus().name(), dead, dayCompleted, between(started, ended),
                papers.countDay(date), syncTotals, subscriberCounts.active(), subscriberCounts.inactive(),
                send == null ? 0 : send.getReadCount(), send == null ? 0 : send.getFilterCount(),
                deliveries.countsByStatus(date),
                started == null ? 0 : deliveries.countDeliveredSince(date, started.atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                send == null ? Duration.ZERO : between(send.getStartTime(), send.getEndTime()),
                recordedDestination(execution), deliveries.failures(date), suppressions.all());
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
