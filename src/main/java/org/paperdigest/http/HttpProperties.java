package org.paperdigest.http;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code digest.http.*} settings of the HTTP server of {@code serve} and {@code schedule}, documented in
 * {@code config/application.yml}.
 */
@ConfigurationProperties("digest.http")
public record HttpProperties(
        @Min(value = 0, message = "must be 0 to 65535") @Max(value = 65535, message = "must be 0 to 65535") Integer port,
        String address) {
}
