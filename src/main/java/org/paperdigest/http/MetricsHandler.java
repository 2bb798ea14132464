package org.paperdigest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@code GET /actuator/prometheus}: the process's metrics, the registry that {@code paper_digest.prom} is written
 * from, at the path Spring Boot's actuator would serve them. In Prometheus' text format, or in OpenMetrics' when
 * the scraper's Accept names it (as Prometheus' own does).
 */
final class MetricsHandler {

    static final String PATH = "/actuator/prometheus";
    private static final String OPEN_METRICS = "application/openmetrics-text";
    /** The two text formats' content types, as the Prometheus client's writers name them (and registry.scrape takes). */
    static final String PROMETHEUS_TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS_TYPE = OPEN_METRICS + "; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    ServerResponse scrape(ServerRequest request) {
        boolean openMetrics = request.headers().header(HttpHeaders.ACCEPT).stream()
                .anyMatch(accept -> accept.contains(OPEN_METRICS));
        String type = openMetrics ? OPEN_METRICS_TYPE : PROMETHEUS_TEXT_TYPE;
        return ServerResponse.ok().contentType(MediaType.parseMediaType(type))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(registry.scrape(type));
    }
}
