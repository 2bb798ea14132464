package org.paperdigest.job;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.paperdigest.delivery.DeliveryJournal;
import org.paperdigest.delivery.DeliveryStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/** What {@code status} reads: the runs of a date, their summaries and the history of the latest dates. */
@Component
public class RunStatus {

    private final JobRepository jobRepository;
    private final RunReports reports;
    private final DeliveryJournal journal;
    private final DeliveryStore deliveries;
    private final SenderLock lock;

    RunStatus(JobRepository jobRepository, RunReports reports, DeliveryJournal journal, DeliveryStore deliveries,
            SenderLock lock) {
        this.jobRepository = jobRepository;
        this.reports = reports;
        this.journal = journal;
        this.deliveries = deliveries;
        this.lock = lock;
    }

    /**
     * When no process holds the {@link SenderLock}, takes it and moves the outcomes a killed run left in the
     * delivery journal into the delivery record, as a send does first, so that status counts what the relay
     * accepted before the kill. While another process holds it, the journal is its own: nothing is moved.
     *
     * @return the lock, to hold while status reads; empty when another process holds it (status only reads then)
     */
    public Optional<SenderLock.Held> replayJournalUnlessLocked() {
        Optional<SenderLock.Held> held = lock.tryAcquire("status");
        held.ifPresent(h -> journal.replay(deliveries));
        return held;
    }

    /** The state of a run for the operator: a run left STARTED by a dead process says so, a live one that it runs. */
    public String state(JobExecution execution) {
        return reports.state(execution);
    }

    /** The runs of a date, oldest first; empty when the date never ran. */
    public List<JobExecution> executions(LocalDate date) {
        JobInstance instance = jobRepository.getJobInstance(DailyDigestJobConfiguration.JOB_NAME,
                DigestRuns.identifying(date));
        if (instance == null) {
            return List.of();
        }
        return jobRepository.getJobExecutions(instance).stream()
                .sorted((a, b) -> Long.compare(a.getId(), b.getId()))
                .toList();
    }

    /** The issue dates that ran most recently, newest first. */
    public List<LocalDate> recentDates(int count) {
        return jobRepository.getJobInstances(DailyDigestJobConfiguration.JOB_NAME, 0, count).stream()
                .map(instance -> jobRepository.getLastJobExecution(instance))
                .map(execution -> execution.getJobParameters().getLocalDate(DailyDigestJobConfiguration.ISSUE_DATE))
                .toList();
    }

    public RunSummary summarize(LocalDate date, JobExecution execution) {
        return reports.summarize(date, execution);
    }

    /** The date's line of status's history; empty when the date never ran. */
    public Optional<DateHistory> history(LocalDate date) {
        List<JobExecution> executions = executions(date);
        return executions.isEmpty() ? Optional.empty() : Optional.of(reports.history(date, executions));
    }
}
