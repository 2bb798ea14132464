package org.paperdigest.remote;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest.remote.*} settings of a send spread over machines (documented in config/application.yml).
 * The broker the manager and workers connect to is Spring Boot's {@code spring.artemis.broker-url}.
 */
@ConfigurationProperties("digest.remote")
public record RemoteProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("8") @Min(value = 1, message = "must be at least {value}") int partitions,
        @DefaultValue("6h") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration timeout,
        @DefaultValue("2s") @NotNull @DurationMin(nanos = 1, message = "must be positive") Duration pollInterval,
        @DefaultValue("127.0.0.1") @NotBlank String brokerHost,
        @DefaultValue("61616") @Min(1) @Max(65535) int brokerPort) {
}
