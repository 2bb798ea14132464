package org.paperdigest.delivery;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest.delivery.*} settings, documented in {@code config/application.yml}; checked before
 * anything starts, like {@link org.paperdigest.DigestProperties}.
 *
 * @param maxAttempts     tries per message for temporary failures (4xx, dropped or refused connections, timeouts)
 * @param backoffInitial  wait before the second try; doubles each time, with jitter
 * @param backoffMax      longest wait between two tries
 * @param maxFailureRatio the send step stops when more than this share of a run's deliveries failed
 * @param ratePerSecond   most messages per second to the relay; 0 for no limit
 * @param connections     SMTP connections at once, one per partition of the subscribers
 * @param eightBitMime    send UTF-8 bodies as 8bit (the relay must offer 8BITMIME) instead of quoted-printable
 * @param endOfDataTimeout how long to wait for the relay's reply to a message's final dot (RFC 5321
 *                        4.5.3.2.6 gives 10 minutes): the relay may be storing the message, and
 *                        giving up early only makes it deliver a copy we then send again
 */
@ConfigurationProperties("digest.delivery")
public record DeliveryProperties(
        @DefaultValue("8") @Min(value = 1, message = "must be at least {value}") int maxAttempts,
        @DefaultValue("2s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration backoffInitial,
        @DefaultValue("60s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration backoffMax,
        @DefaultValue("0.5") @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1") double maxFailureRatio,
        @DefaultValue("0") @PositiveOrZero(message = "must not be negative") double ratePerSecond,
        // Each connection's worker holds database connections from a pool of 24 (spring.datasource.hikari).
        @DefaultValue("4") @Min(value = 1, message = "must be between 1 and 64")
        @Max(value = 64, message = "must be between 1 and 64") int connections,
        @DefaultValue("true") boolean eightBitMime,
        @DefaultValue("10m") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration endOfDataTimeout) {
}
