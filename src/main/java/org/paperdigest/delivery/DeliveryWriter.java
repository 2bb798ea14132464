package org.paperdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.mail.MessagingException;
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
 * <li>Permanent failures (5xx) are not retried: recorded as bounced, the address suppressed.</li>
 * <li>One bad recipient never fails the chunk. The step fails when the relay stays unreachable past
 * the retry budget, or when more than {@code max-failure-ratio} of the run failed.</li>
 * </ul>
 * Messages are rendered and built on {@link MessagePreparation}'s pool, {@link #AHEAD} ahead of
 * the one being sent; the writer waits for each in turn, so its thread spends its time on the
 * connection, which it keeps for the whole step. One instance per partition step execution.
 */
public class DeliveryWriter implements ItemWriter<PendingDigest>, ItemStream {

    /**
     * Messages prepared ahead of the one being sent, per connection: enough to keep every core
     * building while the relay answers, few enough that a chunk never holds all of its messages.
     */
    static final int AHEAD = 32;

    private final Mailer mailer;
    private final MessagePreparation preparation;
    private final DeliveryStore store;
    private final RetryTemplate retry;
    private final SendRate rate;
    private final FailureBudget.Run failures;
    private final DeliveryJournal journal;
    private DeliveryJournal.Writer journalFile;
    private final List<DeliveryOutcome> unflushed = new ArrayList<>();
    private final ReusedConnection connection;

    public DeliveryWriter(Mailer mailer, MessagePreparation preparation, DeliveryStore store, DeliveryJournal journal,
            SendRate rate, FailureBudget.Run failures, DeliveryProperties properties) {
        this.journal = journal;
        this.mailer = mailer;
        this.preparation = preparation;
        this.connection = new ReusedConnection(mailer);
        this.store = store;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(properties.maxAttempts() - 1)
                .delay(properties.backoffInitial())
                .multiplier(2)
                .maxDelay(properties.backoffMax())
                .jitter(properties.backoffInitial().dividedBy(2))
                .predicate(failure -> !SmtpFailure.of(failure).permanent())
                .build());
        this.rate = rate;
        this.failures = failures;
    }

    @Override
    public void write(Chunk<? extends PendingDigest> chunk) throws MessagingException {
        List<? extends PendingDigest> digests = chunk.getItems();
        if (digests.isEmpty()) {
            return;
        }
        Set<Long> finished = store.finishedAmong(digests.get(0).date(),
                digests.stream().map(d -> d.subscriber().id()).toList());
        List<PendingDigest> owed = digests.stream().filter(d -> !finished.contains(d.subscriber().id()))
                .map(d -> (PendingDigest) d).toList();
        try {
            int started = 0;
            for (int i = 0; i < owed.size(); i++) {
                for (; started < Math.min(owed.size(), i + AHEAD); started++) {
                    owed.get(started).start();
                }
                // The chunk's last message goes alone: no envelope is left open between chunks.
                deliver(owed.get(i).await(), i + 1 < owed.size() ? owed.get(i + 1) : null);
                owed.get(i).forget();
            }
        } finally {
            flushJournal();
        }
        failures.check();
    }

    private void deliver(PreparedMessage prepared, PendingDigest following) throws MessagingException {
        Digest digest = prepared.digest();
        String messageId = prepared.messageId();
        int[] attempts = {0};
        try {
            String reply = retry.execute(() -> {
                attempts[0]++;
                rate.acquire();
                try {
                    Mailer.Connection open = connection.get();
                    return open.send(forRelay(prepared, open), readyAsIs(following, open));
                } catch (MessagingException | RuntimeException e) {
                    if (SmtpFailure.of(e).relayTrouble()) {
                        connection.discard();
                    }
                    throw e;
                }
            });
            record(DeliveryOutcome.of(digest, messageId, DeliveryStatus.DELIVERED, reply, attempts[0]));
            failures.delivered();
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            SmtpFailure failure = SmtpFailure.of(last);
            failures.failed();
            record(DeliveryOutcome.of(digest, messageId,
                    failure.permanent() ? DeliveryStatus.BOUNCED : DeliveryStatus.FAILED, failure.reply(), attempts[0]));
            if (failure.relayTrouble()) {
                throw new RelayUnavailableException("the relay " + mailer.destination(digest.date()) + " failed "
                        + attempts[0] + " times in a row, sending to " + digest.subscriber().email() + ": "
                        + failure.reply(), last);
            }
            failures.check(); // at once, not at the end of a chunk of a thousand
        }
    }

    /** Built for an 8BITMIME relay; built again for one that is not. */
    private PreparedMessage forRelay(PreparedMessage prepared, Mailer.Connection open) {
        return prepared.eightBit() && !open.eightBitMime() ? preparation.prepare(prepared.digest(), false) : prepared;
    }

    /**
     * The following message if it is built already and fits this relay as it is, so that the very
     * same message is sent next; else null (it is then sent without being announced early).
     */
    private static PreparedMessage readyAsIs(PendingDigest following, Mailer.Connection open) {
        PreparedMessage next = following == null ? null : following.ifReady();
        return next == null || next.eightBit() && !open.eightBitMime() ? null : next;
    }

    /** Spring Batch calls this at the end of the step (the writer is registered as a stream). */
    @Override
    public void close() {
        connection.close();
        if (journalFile != null) {
            journalFile.close();
            journalFile = null;
        }
    }

    /** Durable before the next message leaves: in the journal, or else committed on its own. */
    private void record(DeliveryOutcome outcome) {
        if (!journal.enabled()) {
            store.record(outcome);
            return;
        }
        if (journalFile == null) {
            journalFile = journal.open();
        }
        journalFile.append(outcome);
        unflushed.add(outcome);
    }

    /** The chunk's outcomes go to the database in one transaction; then the journal starts over. */
    private void flushJournal() {
        if (unflushed.isEmpty()) {
            return;
        }
        store.recordAll(List.copyOf(unflushed));
        unflushed.clear();
        journalFile.clear();
    }

    /** One connection for the step, opened on first use and replaced when it breaks. */
    private static final class ReusedConnection implements AutoCloseable {
        private final Mailer mailer;
        private Mailer.Connection connection;

        ReusedConnection(Mailer mailer) {
            this.mailer = mailer;
        }

        Mailer.Connection get() throws MessagingException {
            if (connection == null) {
                connection = mailer.connect();
            }
            return connection;
        }

        void discard() {
            close();
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
