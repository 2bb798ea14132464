package org.paperdigest.http;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code digest.http.*} settings of the HTTP server of {@code serve} and {@code schedule}, documented in
 * {@code config/application.yml}.
 *
 * @param port    port of the unsubscribe and metrics endpoints; unset, serve refuses to start and schedule opens
 *                none; 0 takes any free port
 * @param address local address to listen on; unset listens on all of them
 */
@ConfigurationProperties("digest.http")
public record HttpProperties(
        @Min(value = 0, message = "must be 0 to 65535") @Max(value = 65535, message = "must be 0 to 65535") Integer port,
        String address) {
}
