package org.paperdigest.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The part of Boot's {@code spring.mail.*} that paper-digest checks before anything starts: Boot's own
 * MailProperties carries no constraints, and a port out of range was retried for minutes.
 *
 * @param host the relay; null writes to the outbox, and empty is refused: it would be Angus Mail's localhost
 * @param port the relay's port; null for the protocol's default
 */
@ConfigurationProperties("spring.mail")
public record RelaySettings(
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be empty (leave it unset to write to the outbox)")
        String host,
        @Min(value = 1, message = "must be between 1 and 65535")
        @Max(value = 65535, message = "must be between 1 and 65535") Integer port) {
}
