package org.paperdigest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The part of Boot's {@code spring.datasource.*} that paper-digest checks before anything starts: without a URL Boot
 * makes an in-memory database, which forgets at exit every delivery it recorded, so the next run sends them again.
 */
@ConfigurationProperties("spring.datasource")
record DatabaseSettings(
        @NotBlank(message = "must not be empty: it names the database that records every delivery") String url) {
}
