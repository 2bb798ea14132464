package org.paperdigest.delivery;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.paperdigest.subscribers.Subscriber;

/** A subscriber's digest while its message is prepared on another thread; the writer waits for it in turn. */
public record PendingDigest(LocalDate date, Subscriber subscriber, CompletableFuture<PreparedMessage> message) {

    /** The prepared message; a failure to render or build it is thrown as it was thrown there. */
    PreparedMessage await() {
        try {
            return message.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
