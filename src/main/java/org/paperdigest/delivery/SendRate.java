package org.paperdigest.delivery;

import com.google.common.util.concurrent.RateLimiter;
import org.springframework.stereotype.Component;

/** {@code digest.delivery.rate-per-second}, shared by every connection of the run. */
@Component
public class SendRate {

    private final RateLimiter limiter;

    SendRate(DeliveryProperties properties) {
        this.limiter = properties.ratePerSecond() > 0 ? RateLimiter.create(properties.ratePerSecond()) : null;
    }

    /** Waits, if needed, until one more message may go to the relay. */
    void acquire() {
        if (limiter != null) {
            limiter.acquire();
        }
    }
}
