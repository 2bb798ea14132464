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
