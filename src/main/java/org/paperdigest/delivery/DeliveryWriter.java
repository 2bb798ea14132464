package org.paperdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Timer;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Sends a chunk of digests over one reused connection and records each outcome as it happens.
 * <ul>
 * <li>Idempotent: Spring Batch re-writes items on retry, scan and restart, and a subscriber already
 * delivered (or bounced) for the date is skipped.</li>
 * <li>Temporary failures (4xx, a refused, dropped or silent connection) are tried again with
 * exponential backoff and jitter, on a fresh connection where the old one broke.</li>
 * <li>A recipient refused for good (5xx to RCPT, a mailbox status at the end of DATA) is not retried:
 * recorded as bounced, the address suppressed.</li>
 * <li>A relay refusing the sender, the session or by policy stops the step at once: nobody is
 * bounced, nothing retried ({@link RelayRefusedException}).</li>
 * <li>A message the relay cannot take (too big, an address needing SMTPUTF8), or a digest that could
 * not be matched or built, fails that reader alone, and nothing of it is sent.</li>
 * <li>A message whose final dot went out without a reply is recorded as unknown and tried once more,
 * after the rest of the chunk; it is never sent again after that.</li>
 * <li>One bad recipient never fails the chunk. The step fails when the relay stays unreachable past
 * the retry budget, when it refuses to take mail, or when more than {@code max-failure-ratio} of the
 * run failed.</li>
 * </ul>
 * Messages are rendered and built on {@link MessagePreparation}'s pool, {@link #AHEAD} ahead of
 * the one being sent; the writer waits for each in turn, so its thread spends its time on the
 * connection, which it keeps for the whole step ({@link RelayConnection}). Where outcomes go, and
 * when, is {@link OutcomeRecorder}'s. One instance per partition step execution.
 * <p>
 * On a {@link StopRequest} it sends no further message: the one in flight ends (a wait to retry it is cut
 * short, and it stays unrecorded, so owed), the chunk's outcomes are flushed, and it throws
 * {@link JobInterruptedException}. The chunk rolls back and the step ends STOPPED; its delivered messages
 * are recorded, the rest have no record and are sent by the run's resume.
 */
public class DeliveryWriter implements ItemWriter<PendingDigest>, ItemStream {

    /**
     * Messages prepared ahead of the one being sent, per connection: enough to keep every core
     * building while the relay answers, few enough that a chunk never holds all of its messages.
     */
    static final int AHEAD = 32;

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);

    private final Mailer mailer;
    private final MessagePreparation preparation;
    private final RetryTemplate retry;
    private final SendRate rate;
    private final DeliveryStore store;
    private final OutcomeRecorder outcomes;
    private final RelayConnection connection;
    private final Timer chunkTime;
    private final StopRequest stop;

    public DeliveryWriter(Mailer mailer, MessagePreparation preparation, DeliveryStore store, DeliveryJournal journal,
            SendRate rate, FailureBudget failures, DeliveryProperties properties, DeliveryMetrics metrics,
            StopRequest stop) {
        this.mailer = mailer;
        this.stop = stop;
        this.preparation = preparation;
        this.store = store;
        this.outcomes = new OutcomeRecorder(store, journal, failures, metrics);
        this.connection = new RelayConnection(mailer, preparation, metrics.smtpSend());
        this.chunkTime = metrics.chunk();
        RetryPolicy policy = RetryPolicy.builder()
                .maxRetries(properties.maxAttempts() - 1)
                .delay(properties.backoffInitial())
                .multiplier(2)
                .maxDelay(properties.backoffMax())
                .jitter(properties.backoffInitial().dividedBy(2))
                .predicate(failure -> SmtpFailure.of(failure).worthRetrying())
                .build();
        this.retry = new RetryTemplate(stop.cutShort(policy));
        this.rate = rate;
    }

    @Override
    public void write(Chunk<? extends PendingDigest> chunk) throws MessagingException, JobInterruptedException {
        List<? extends PendingDigest> digests = chunk.getItems();
        if (digests.isEmpty()) {
            return;
        }
        Timer.Sample started = Timer.start();
        try {
            send(digests);
        } finally {
            started.stop(chunkTime);
        }
    }

    private void send(List<? extends PendingDigest> digests) throws MessagingException, JobInterruptedException {
        Set<Long> finished = store.finishedAmong(digests.get(0).date(),
                digests.stream().map(d -> d.subscriber().id()).toList());
        List<PendingDigest> owed = digests.stream().filter(d -> !finished.contains(d.subscriber().id()))
                .map(d -> (PendingDigest) d).toList();
        // Unknown outcomes of a run that stopped before their one more try: they get it now, and only it.
        Set<Long> owedOnceMore = store.owedOnceMoreAmong(digests.get(0).date(),
                owed.stream().map(d -> d.subscriber().id()).toList());
        List<PreparedMessage> unknown = new ArrayList<>();
        try {
            int started = 0;
            for (int i = 0; i < owed.size(); i++) {
                stopIfRequested();
                for (; started < Math.min(owed.size(), i + AHEAD); started++) {
                    owed.get(started).start();
                }
                PreparedMessage prepared = builtOrRecorded(owed.get(i));
                // The chunk's last message goes alone: no envelope is left open between chunks.
                if (prepared != null && (owedOnceMore.contains(prepared.digest().subscriber().id())
                        || !deliver(prepared, i + 1 < owed.size() && !stop.requested() ? owed.get(i + 1) : null))) {
                    unknown.add(prepared);
                }
                owed.get(i).forget();
            }
            // After the rest of the chunk, on another connection: the relay may have it, so once only.
            for (PreparedMessage message : unknown) {
                stopIfRequested(); // an unknown outcome not tried once more stays owed that try, on the resume
                deliverOnceMore(message);
            }
        } finally {
            outcomes.flush();
        }
        outcomes.check();
    }

    /**
     * The digest's message; null when it could not be matched, rendered or built, which fails that
     * reader alone: recorded as failed with the reason, never the chunk.
     */
    private PreparedMessage builtOrRecorded(PendingDigest pending) {
        try {
            return pending.await();
        } catch (RuntimeException e) {
            String reason = "not sent: " + (e instanceof DigestNotBuiltException ? e.getMessage()
                    : "building the digest failed: " + SmtpFailure.of(e).reply());
            log.warn("the digest for {} of {} was {}", pending.subscriber().email(), pending.date(), reason, e);
            outcomes.failed(DeliveryOutcome.of(new Digest(pending.date(), pending.subscriber(), 0, null),
                    preparation.messageId(pending.date(), pending.subscriber()), DeliveryStatus.FAILED, reason, 0));
            outcomes.check();
            return null;
        }
    }

    private void stopIfRequested() throws JobInterruptedException {
        if (stop.requested()) {
            throw new JobInterruptedException("stopped on request");
        }
    }

    /** Sends one message with the retry loop; false when its outcome is unknown (tried once more later). */
    private boolean deliver(PreparedMessage prepared, PendingDigest following)
            throws MessagingException, JobInterruptedException {
        Digest digest = prepared.digest();
        String messageId = prepared.messageId();
        int[] attempts = {0};
        try {
            String reply = retry.execute(() -> {
                attempts[0]++;
                rate.acquire();
                return connection.send(prepared, following);
            });
            outcomes.delivered(DeliveryOutcome.of(digest, messageId, DeliveryStatus.DELIVERED, reply, attempts[0]));
            return true;
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            SmtpFailure failure = SmtpFailure.of(last);
            if (failure.worthRetrying() && stop.requested()) {
                throw new JobInterruptedException("stopped on request while retrying " + digest.subscriber().email());
            }
            switch (failure.kind()) {
                case RELAY_REFUSED -> throw refused(failure, last, digest);
                case OUTCOME_UNKNOWN -> {
                    outcomes.unknown(DeliveryOutcome.of(digest, messageId, DeliveryStatus.UNKNOWN, failure.reply(),
                            attempts[0]));
                    return false;
                }
                case RECIPIENT_REFUSED -> recordFailure(digest, messageId, DeliveryStatus.BOUNCED, failure.reply(),
                        attempts[0]);
                case NOT_SENDABLE -> recordFailure(digest, messageId, DeliveryStatus.FAILED,
                        connection.notSendable(failure, prepared), attempts[0]);
                case TEMPORARY -> recordFailure(digest, messageId, DeliveryStatus.FAILED, failure.reply(), attempts[0]);
                case RELAY_TROUBLE -> {
                    outcomes.failed(DeliveryOutcome.of(digest, messageId, DeliveryStatus.FAILED, failure.reply(),
                            attempts[0]));
                    throw new RelayUnavailableException("the relay " + mailer.destination(digest.date()) + " failed "
                            + attempts[0] + " times in a row, sending to " + digest.subscriber().email() + ": "
                            + failure.reply(), last);
                }
            }
            return true;
        }
    }

    /**
     * The one more try of a message whose outcome was unknown. Delivered, it is recorded so (a copy may
     * have arrived before, with the same Message-ID); without an answer again, or with any refusal, it
     * stays unknown: the first copy may still have been delivered, so it is not retried by anyone.
     */
    private void deliverOnceMore(PreparedMessage prepared) throws MessagingException {
        Digest digest = prepared.digest();
        try {
            rate.acquire();
            String reply = connection.sendAlone(prepared);
            outcomes.delivered(DeliveryOutcome.of(digest, prepared.messageId(), DeliveryStatus.DELIVERED, reply, 1));
        } catch (MessagingException | RuntimeException e) {
            SmtpFailure failure = SmtpFailure.of(e);
            if (failure.kind() == SmtpFailure.Kind.RELAY_REFUSED) {
                throw refused(failure, e, digest);
            }
            outcomes.failed(DeliveryOutcome.of(digest, prepared.messageId(), DeliveryStatus.UNKNOWN,
                    DeliveryStore.TRIED_ONCE_MORE + failure.reply(), 1));
        }
    }

    private void recordFailure(Digest digest, String messageId, DeliveryStatus status, String reason, int attempts) {
        outcomes.failed(DeliveryOutcome.of(digest, messageId, status, reason, attempts));
        outcomes.check(); // at once, not at the end of a chunk of a thousand
    }

    private RelayRefusedException refused(SmtpFailure failure, Throwable last, Digest digest) {
        if (last instanceof RelayRefusedException refused) {
            return refused;
        }
        return new RelayRefusedException(failure.code(), failure.reply(),
                RelayRefusedException.describe(mailer.destination(digest.date()), failure.reply()), last);
    }

    /** Spring Batch calls this at the end of the step (the writer is registered as a stream). */
    @Override
    public void close() {
        connection.close();
        outcomes.close();
    }
}
