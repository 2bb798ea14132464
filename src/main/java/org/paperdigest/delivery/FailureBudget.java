package org.paperdigest.delivery;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.stereotype.Component;

/**
 * Counts a run's deliveries and failures across all its partitions, and stops the run when more
 * than {@code digest.delivery.max-failure-ratio} of them failed. One per run (job-scoped).
 */
@Component
@JobScope
public class FailureBudget {

    // Below this many deliveries a failure ratio says little (one bounce in three is not a broken relay).
    static final int MIN_DELIVERIES = 10;

    private final double maxFailureRatio;
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    FailureBudget(DeliveryProperties properties) {
        this.maxFailureRatio = properties.maxFailureRatio();
    }

    void delivered() {
        attempted.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
        attempted.incrementAndGet();
    }

    /** Throws when the run has failed too often to go on. */
    void check() {
        int tried = attempted.get();
        int bad = failed.get();
        if (tried >= MIN_DELIVERIES && bad > maxFailureRatio * tried) {
            throw new TooManyFailuresException(bad + " of " + tried + " deliveries of this run failed, more than "
                    + "digest.delivery.max-failure-ratio=" + maxFailureRatio);
        }
    }
}
