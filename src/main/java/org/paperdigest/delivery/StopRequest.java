package org.paperdigest.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Set once, when the operator asks the process to stop (SIGTERM, SIGINT). Writers read it before each
 * message: a read of a count, nothing per message worth measuring. It also owns the writers' waits between
 * two tries of a message, so it knows when the next try is due while the relay is not taking mail.
 */
@Component
public class StopRequest {

    private final CountDownLatch requested = new CountDownLatch(1);
    /** When a writer waiting to try a message again will try (epoch ms); 0 while none waits. */
    private final AtomicLong nextTry = new AtomicLong();

    public void request() {
        requested.countDown();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** When the next try of a message waiting for the relay is due; null while no writer waits to retry. */
    public Instant nextTry() {
        long at = nextTry.get();
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    /**
     * {@code policy}, but a wait between two tries ends when a stop is requested, and then no try follows:
     * during a relay outage a stop does not wait out a back-off of up to {@code backoff-max}.
     */
    RetryPolicy cutShort(RetryPolicy policy) {
        BackOff cutShort = cutShort(policy.getBackOff());
        return new RetryPolicy() {
            @Override
            public boolean shouldRetry(Throwable failure) {
                return policy.shouldRetry(failure);
            }

            @Override
            public BackOff getBackOff() {
                return cutShort;
            }

            @Override
            public Duration getTimeout() {
                return policy.getTimeout();
            }
        };
    }

    private BackOff cutShort(BackOff backOff) {
        return () -> {
            BackOffExecution execution = backOff.start();
            return () -> {
                long wait = execution.nextBackOff();
                if (wait == BackOffExecution.STOP || requested()) {
                    return BackOffExecution.STOP;
                }
                long at = System.currentTimeMillis() + wait;
                nextTry.set(at);
                try {
                    return requested.await(wait, TimeUnit.MILLISECONDS) ? BackOffExecution.STOP : 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return BackOffExecution.STOP;
                } finally {
                    nextTry.compareAndSet(at, 0);
                }
            };
        };
    }
}
