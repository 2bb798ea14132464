package org.paperdigest.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest.source.*} settings, for a day read from an http(s) URL; documented in
 * {@code config/application.yml}.
 *
 * @param includeReplacements keep arXiv feed entries announced as {@code replace} (new versions of old papers)
 * @param connectTimeout      how long to wait for the source to accept the connection
 * @param readTimeout         how long to wait for its answer
 * @param retries             tries after the first when the source answers 5xx or does not answer in time
 * @param backoffInitial      wait before the first retry; doubles each time
 */
@ConfigurationProperties("digest.source")
public record SourceProperties(
        @DefaultValue("false") boolean includeReplacements,
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration connectTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration readTimeout,
        @DefaultValue("3") @Min(value = 0, message = "must not be negative") int retries,
        @DefaultValue("2s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration backoffInitial) {
}
