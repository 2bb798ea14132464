package org.paperdigest.job;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.delivery.DeliveryJournal;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.ingest.DayPapers;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.matching.Matching;
import org.paperdigest.rendering.Templates;
import org.paperdigest.subscribers.SubscriberSync;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Starts, resumes and reports the daily job. One job instance per issue date: running a date again
 * resumes its failed or dead run and never starts the date over.
 */
@Component
public class DigestRuns {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final Job resendJob;
    private final DigestProperties properties;
    private final Templates templates;
    private final SubscriberSync subscriberSync;
    private final DaySources daySources;
    private final PaperStore papers;
    private final RunReports reports;
    private final DeliveryJournal journal;
    private final DeliveryStore deliveries;
    private final Matching matching;
    private final SenderLock lock;

    DigestRuns(JobOperator jobOperator, JobRepository jobRepository, Job dailyDigestJob, Job resendFailedJob,
            DigestProperties properties,
            Templates templates, SubscriberSync subscriberSync,
            DaySources daySources, PaperStore papers, RunReports reports, DeliveryJournal journal,
            DeliveryStore deliveries, Matching matching, SenderLock lock) {
        this.lock = lock;
        this.matching = matching;
        this.journal = journal;
        this.deliveries = deliveries;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = dailyDigestJob;
        this.resendJob = resendFailedJob;
        this.properties = properties;
        this.templates = templates;
        this.subscriberSync = subscriberSync;
        this.daySources = daySources;
        this.papers = papers;
        this.reports = reports;
    }

    public record SendOutcome(boolean alreadyCompleted, boolean resumed, BatchStatus status, RunSummary summary,
            String failure) {
    }

    /**
     * Sends the date holding the {@link SenderLock}: the command's own, or for each run of {@code schedule}.
     *
     * @param anyDay true to send a list that says it is of another day (--allow-date-mismatch); false refuses it
     */
    public SendOutcome send(LocalDate date, List<String> abstractsOverride, boolean anyDay) throws Exception {
        try (SenderLock.Held held = lock.acquire("send", date)) {
            return sendHoldingTheLock(date, abstractsOverride, anyDay);
        }
    }

    private SendOutcome sendHoldingTheLock(LocalDate date, List<String> abstractsOverride, boolean anyDay)
            throws Exception {
        JobParameters identifying = identifying(date);
        JobExecution last = jobRepository.getLastJobExecution(DailyDigestJobConfiguration.JOB_NAME, identifying);
        // A run that started had its papers loaded and its subscribers synced first: a resume keeps both.
        boolean resuming = last != null && papers.countDay(date) > 0;
        if (resuming && last.getStatus() != BatchStatus.COMPLETED) {
            matching.prepare(date, null); // while the journal is replayed and the run recovered
        }
        // Here, not in a JobExecutionListener: the journal's ledger refuses a database put back from an older copy
        // before the sync writes to it or a job execution is recorded.
        journal.replay(deliveries);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            return new SendOutcome(true, false, BatchStatus.COMPLETED, reports.summarize(date, last), null);
        }
        // Everything that can be wrong with the input (the templates included) is found before the job starts,
        // so bad input leaves no trace: no job execution, no subscriber change, no message.
        templates.check();
        List<String> abstracts = daySources.sourcesFor(date, abstractsOverride);
        DayPapers day = resuming ? null : daySources.read(date, abstracts, anyDay); // read once: matcher and H2
        if (day != null) {
            matching.prepare(date, day.papers()); // while the subscribers are synced
        }
        // The sync checks every entry before it commits, all or nothing, so a bad file still leaves no trace.
        // A file the last sync applied is only hashed.
        String syncTotals = resuming ? null : subscriberSync.apply(properties.subscribersFile()).totals();
        if (day != null) {
            papers.replaceDay(date, day);
        }
        if (last != null && (last.isRunning() || last.getStepExecutions().stream()
                .anyMatch(step -> step.getStatus().isRunning()))) {
            // This process holds the sender lock and has not started the date yet, so a run still marked as
            // running belongs to a process that died; so does one that a signal marked STOPPED (JobOperator.stop)
            // but whose process exited before its steps ended. recover() marks it failed and restartable.
            recover(identifying);
        }
        JobParametersBuilder parameters = new JobParametersBuilder(identifying)
                .addString(DailyDigestJobConfiguration.ABSTRACTS, DaySources.label(abstracts), false);
        if (syncTotals != null) {
            parameters.addString(DailyDigestJobConfiguration.SYNC_TOTALS, syncTotals, false);
        }
        return start(job, parameters, date, last != null);
    }

    /**
     * Recovers the run. The workers of a remote send may still be running its partitions (the manager alone died),
     * each committing chunks: a step execution saved since the run was read has another version, and recover()'s
     * save of it fails. The run is then read again and recovered again; those already marked failed are left.
     */
    private void recover(JobParameters identifying) throws Exception {
        try {
            RECOVER_AGAIN.execute(() -> jobOperator.recover(
                    jobRepository.getLastJobExecution(DailyDigestJobConfiguration.JOB_NAME, identifying)));
        } catch (RetryException e) {
            throw e.getLastException() instanceof Exception last ? last : e;
        }
    }

    /** A recover that met a worker's save is tried again on the run as read anew. */
    private static final RetryTemplate RECOVER_AGAIN = new RetryTemplate(RetryPolicy.builder().maxRetries(9)
            .delay(Duration.ofMillis(100)).includes(OptimisticLockingFailureException.class).build());

    /** Tries again the date's deliveries that failed for a temporary reason; nothing else is sent. */
    public SendOutcome resendFailed(LocalDate date) throws Exception {
        try (SenderLock.Held held = lock.acquire("resend-failed", date)) {
            return resendFailedHoldingTheLock(date);
        }
    }

    private SendOutcome resendFailedHoldingTheLock(LocalDate date) throws Exception {
        JobExecution last = jobRepository.getLastJobExecution(DailyDigestJobConfiguration.JOB_NAME, identifying(date));
        if (last == null) {
            throw new BadInputException("issue " + date + " was never sent, so nothing failed; use 'send --date " + date + "'");
        }
        if (last.getStatus() != BatchStatus.COMPLETED) {
            // Its subscribers not yet tried have no delivery row: retrying the failed ones alone would call
            // the day done with them still owed their digest. Only the resume of the run finishes it.
            throw new BadInputException("the run of issue " + date + " did not complete (" + reports.state(last)
                    + "), so some subscribers may not have been tried yet; run 'send --date " + date
                    + "' to resume it (resend-failed only tries again the failures of a completed run)");
        }
        journal.replay(deliveries);
        templates.check();
        return start(resendJob, new JobParametersBuilder(identifying(date))
                .addLocalDateTime(ResendFailedJobConfiguration.REQUESTED_AT, LocalDateTime.now()), date, false);
    }

    /** Runs the job to its end; its summary reports where it sent, as it was when it started. */
    private SendOutcome start(Job toRun, JobParametersBuilder parameters, LocalDate date, boolean resumed)
            throws Exception {
        parameters.addString(DailyDigestJobConfiguration.DESTINATION, reports.destination(date), false);
        JobExecution execution = jobOperator.start(toRun, parameters.toJobParameters());
        return new SendOutcome(false, resumed, execution.getStatus(), reports.summarize(date, execution),
                failure(execution));
    }

    static JobParameters identifying(LocalDate date) {
        return new JobParametersBuilder().addLocalDate(DailyDigestJobConfiguration.ISSUE_DATE, date).toJobParameters();
    }

    /** The first failure of a failed run, in one line: a worker step's own failure before the wrappers'. */
    static String failure(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return null;
        }
        return execution.getStepExecutions().stream()
                .sorted(Comparator.comparing(step -> step.getStepName().contains(":") ? 0 : 1))
                .flatMap(step -> step.getFailureExceptions().stream())
                .findFirst()
                .or(() -> execution.getFailureExceptions().stream().findFirst())
                .map(OneLine::ofFailure)
                .orElse(execution.getExitStatus().getExitDescription());
    }
}
