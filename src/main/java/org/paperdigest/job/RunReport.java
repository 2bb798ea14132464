package org.paperdigest.job;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.DeliveryStore;
import org.springframework.batch.core.job.JobExecution;

/**
 * What {@code reports/<issue-date>.json} holds after a run: the id, job, status and times of the date's latest run,
 * and for the rest the date as a whole, over all its runs (a resume goes on from the runs before it).
 *
 * @param sources           the day's inputs as its first run read them, each with the SHA-256 of its content
 * @param considered        subscribers the date's runs took up (active, not suppressed): {@code matched} and
 *                          {@code skipped.noMatch}
 * @param matched           subscribers with a match whose digest was tried (each has a delivery row)
 * @param sent              digests of the date delivered
 * @param sentThisRun       of which by the latest run, at {@code messagesPerSecond} over its send step
 * @param unknown           deliveries whose outcome is unknown (the relay never answered the final dot)
 * @param destination       where the latest run sent, as recorded when it started
 */
record RunReport(LocalDate issueDate, long runId, String jobName, String status, OffsetDateTime start,
        OffsetDateTime end, List<Source> sources, int papers, long considered, long matched, long sent,
        Skipped skipped, List<Address> failed, List<Address> bounced, List<Address> unknown, long sentThisRun,
        double messagesPerSecond, String destination) {

    /** @param sha256 hex, of a URL's document as stored for the day or of a file's bytes; null when unreadable */
    record Source(String source, String sha256) {
    }

    /** Subscribers who got no digest without a try: no paper matched, inactive, or on the suppression list. */
    record Skipped(long noMatch, long inactive, long suppressed) {
    }

    record Address(String email, int attempts, String lastReply) {
    }

    /**
     * @param run        the run that just ended (its summary is {@code summary})
     * @param noMatch    subscribers without a match, as the send steps counted them over the date's daily runs
     */
    static RunReport of(JobExecution run, RunSummary summary, long noMatch, List<Source> sources,
            long suppressed) {
        List<DeliveryStore.Failure> failures = summary.failures();
        // From the delivery record, one row per subscriber with a match once tried: the send steps' counts take
        // twice a chunk that failed, which its resume reads again. Those without a match have no row, so for them
        // the steps' counts are all there is.
        long matched = summary.deliveries().values().stream().mapToLong(Integer::longValue).sum();
        return new RunReport(summary.date(), run.getId(), run.getJobInstance().getJobName(), run.getStatus().name(),
                at(run.getStartTime()), at(run.getEndTime()), sources, summary.papers(),
                matched + noMatch, matched, summary.deliveries().get(DeliveryStatus.DELIVERED),
                new Skipped(noMatch, summary.inactiveSubscribers(), suppressed),
                addresses(failures, DeliveryStatus.FAILED), addresses(failures, DeliveryStatus.BOUNCED),
                addresses(failures, DeliveryStatus.UNKNOWN), summary.sentThisRun(),
                Math.round(summary.messagesPerSecond() * 10) / 10.0, summary.destination());
    }

    private static List<Address> addresses(List<DeliveryStore.Failure> failures, DeliveryStatus status) {
        return failures.stream().filter(f -> f.status() == status)
                .map(f -> new Address(f.email(), f.attempts(), f.lastReply())).toList();
    }

    /** The job repository's times are local to this machine; the report says which offset they had. */
    private static OffsetDateTime at(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }
}
