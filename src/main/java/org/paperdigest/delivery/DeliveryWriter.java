package org.paperdigest.delivery;

import java.util.List;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Sends a chunk of digests over one connection and records each outcome as it happens. Idempotent:
 * Spring Batch re-writes items on retry, scan and restart, and a subscriber recorded as delivered
 * (or bounced) for the date is skipped. A recipient the relay refuses is recorded and does not fail the chunk;
 * a broken connection does, and the restarted run resumes after the last delivered message.
 */
public class DeliveryWriter implements ItemWriter<Digest> {

    private final Mailer mailer;
    private final DigestMessages messages;
    private final DeliveryStore store;

    public DeliveryWriter(Mailer mailer, DigestMessages messages, DeliveryStore store) {
        this.mailer = mailer;
        this.messages = messages;
        this.store = store;
    }

    @Override
    public void write(Chunk<? extends Digest> chunk) throws MessagingException {
        List<? extends Digest> digests = chunk.getItems();
        if (digests.isEmpty()) {
            return;
        }
        Set<Long> finished = store.finishedAmong(digests.get(0).date(),
                digests.stream().map(d -> d.subscriber().id()).toList());
        List<? extends Digest> pending = digests.stream().filter(d -> !finished.contains(d.subscriber().id())).toList();
        if (pending.isEmpty()) {
            return;
        }
        try (Mailer.Connection connection = mailer.connect()) {
            for (Digest digest : pending) {
                send(connection, digest);
            }
        }
    }

    private void send(Mailer.Connection connection, Digest digest) throws MessagingException {
        MimeMessage message = messages.build(mailer.session(), digest);
        String messageId = messages.messageId(digest);
        try {
            String reply = connection.send(digest, message);
            record(digest, messageId, DeliveryStatus.DELIVERED, reply);
        } catch (SendFailedException refused) {
            // The relay answered for this recipient; the connection is still good for the next one.
            int code = returnCode(refused);
            if (code == 0) {
                throw refused;
            }
            record(digest, messageId, code >= 500 ? DeliveryStatus.BOUNCED : DeliveryStatus.FAILED, reply(refused));
        }
    }

    private void record(Digest digest, String messageId, DeliveryStatus status, String reply) {
        store.record(digest.date(), digest.subscriber().id(), digest.subscriber().email(), messageId, status, reply);
    }

    /** The SMTP reply code of a refusal, 0 when the exception carries none. */
    static int returnCode(MessagingException e) {
        for (Exception cause = e; cause != null;
                cause = cause instanceof MessagingException m ? m.getNextException() : null) {
            if (cause instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (cause instanceof SMTPSendFailedException send) {
                return send.getReturnCode();
            }
        }
        return 0;
    }

    private static String reply(MessagingException e) {
        for (Exception cause = e; cause != null;
                cause = cause instanceof MessagingException m ? m.getNextException() : null) {
            if (cause instanceof SMTPAddressFailedException || cause instanceof SMTPSendFailedException) {
                return cause.getMessage().strip();
            }
        }
        return e.getMessage();
    }
}
