package org.paperdigest.delivery;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.paperdigest.subscribers.Subscriber;

/**
 * A subscriber's digest, its message prepared on another thread once {@link #start started}. The
 * writer starts a few ahead of the one it sends and {@link #forget}s each once sent, so a chunk
 * of any size holds only a few built messages at a time.
 */
public final class PendingDigest {

    private final LocalDate date;
    private final Subscriber subscriber;
    private final Supplier<PreparedMessage> prepare;
    private final Executor pool;
    private CompletableFuture<PreparedMessage> message;

    PendingDigest(LocalDate date, Subscriber subscriber, Supplier<PreparedMessage> prepare, Executor pool) {
        this.date = date;
        this.subscriber = subscriber;
        this.prepare = prepare;
        this.pool = pool;
    }

    public LocalDate date() {
        return date;
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    /** Starts preparing the message, unless it is under way or built already. */
    synchronized void start() {
        if (message == null) {
            message = CompletableFuture.supplyAsync(prepare, pool);
        }
    }

    /** The message if it is built and built without failure; null otherwise (this never waits). */
    synchronized PreparedMessage ifReady() {
        return message != null && message.isDone() && !message.isCompletedExceptionally() ? message.join() : null;
    }

    /** The prepared message; a failure to render or build it is thrown as it was thrown there. */
    PreparedMessage await() {
        CompletableFuture<PreparedMessage> started;
        synchronized (this) {
            start();
            started = message;
        }
        try {
            return started.join();
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

    /** Drops the built message (it was sent); asked for again, as on a retried chunk, it is built again. */
    synchronized void forget() {
        message = null;
    }
}
