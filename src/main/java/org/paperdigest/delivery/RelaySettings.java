package org.paperdigest.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The part of Boot's {@code spring.mail.*} that paper-digest checks before anything starts: Boot's own
 * MailProperties carries no constraints, and a port out of range was retried for minutes.
 *
 * @param host the relay; null writes to the outbox
 * @param port the relay's port; null for the protocol's default
 */
@ConfigurationProperties("spring.mail")
public record RelaySettings(
        String host,
        @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535") Integer port) {
}
