package org.paperdigest.delivery;

import java.time.LocalDate;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Renders digests and builds their messages on the {@code messagePreparationPool}, ahead of the
 * connections that send them. A sending thread then spends its time on the socket, and rendering
 * uses the cores while the relay answers.
 */
@Component
public class MessagePreparation {

    private final DigestMessages messages;
    private final Executor pool;

    MessagePreparation(DigestMessages messages, @Qualifier("messagePreparationPool") Executor pool) {
        this.messages = messages;
        this.pool = pool;
    }

    /**
     * One digest to render ({@code render}) and build a message of on this pool, once the writer
     * starts it. It is built for a relay that takes 8bit bodies; {@link #prepare} builds it again
     * for one that does not.
     */
    public PendingDigest pending(LocalDate date, Subscriber subscriber, Supplier<Digest> render) {
        return new PendingDigest(date, subscriber, () -> prepare(render.get(), true), pool);
    }

    /**
     * A digest that cannot be made: the writer records the reader's delivery as failed with
     * {@code reason} and sends nothing to them.
     */
    public PendingDigest notBuilt(LocalDate date, Subscriber subscriber, String reason, RuntimeException cause) {
        DigestNotBuiltException failure = new DigestNotBuiltException(reason, cause);
        return new PendingDigest(date, subscriber, () -> {
            throw failure;
        }, pool);
    }

    /** The Message-ID the subscriber's digest for the date has, built or not. */
    String messageId(LocalDate date, Subscriber subscriber) {
        return messages.messageId(new Digest(date, subscriber, 0, null));
    }

    /** The digest's message; 8bit bodies only when {@code eightBitRelay}. */
    public PreparedMessage prepare(Digest digest, boolean eightBitRelay) {
        try {
            return messages.prepare(digest, eightBitRelay);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the digest for " + digest.subscriber().email(), e);
        }
    }
}
