package org.paperdigest.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.paperdigest.BadInputException;
import org.paperdigest.unsubscribe.UnsubscribeEndpoint;
import org.paperdigest.unsubscribe.UnsubscribeTokens;
import org.paperdigest.unsubscribe.Unsubscriptions;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The beans of the web context that {@link DigestHttpServer} starts as a child of the command's context.
 * Deliberately not a {@code @Configuration}: the application's component scan must not find it, so that no
 * other command creates a web server or these beans.
 */
@EnableWebMvc
class DigestWeb {

    /** @param unsubscribe the unsubscribe path, with {@code {token}}; empty when only the metrics are served */
    record Paths(Optional<String> unsubscribe) {
    }

    private final Paths paths;

    DigestWeb(Paths paths) {
        this.paths = paths;
    }

    @Bean
    TomcatServletWebServerFactory webServerFactory(HttpProperties http) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(http.port());
        if (http.address() != null && !http.address().isBlank()) {
            try {
                factory.setAddress(InetAddress.getByName(http.address().strip()));
            } catch (UnknownHostException e) {
                throw new BadInputException("digest.http.address: unknown host '" + http.address() + "'");
            }
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setMaxPostSize(UnsubscribeEndpoint.MAX_BODY);
            connector.setProperty("maxSwallowSize", String.valueOf(UnsubscribeEndpoint.MAX_BODY));
            connector.setXpoweredBy(false);
        });
        return factory;
    }

    @Bean
    DispatcherServlet dispatcherServlet() {
        return new DispatcherServlet(); // a bean, so that it runs in this context rather than make its own
    }

    @Bean
    ServletRegistrationBean<DispatcherServlet> dispatcherServletRegistration(DispatcherServlet servlet) {
        ServletRegistrationBean<DispatcherServlet> registration = new ServletRegistrationBean<>(servlet, "/");
        registration.setLoadOnStartup(1); // a failure shows at start, not at a reader's click
        return registration;
    }

    /** The metrics, the unsubscribe path (GET and POST) if any; everything else is 404. */
    @Bean
    RouterFunction<ServerResponse> routes(PrometheusMeterRegistry registry, UnsubscribeTokens tokens, JdbcClient jdbc,
            Unsubscriptions unsubscriptions) {
        RouterFunctions.Builder routes = RouterFunctions.route()
                .GET(MetricsHandler.PATH, new MetricsHandler(registry)::scrape);
        paths.unsubscribe().ifPresent(path -> routes.add(UnsubscribeEndpoint.routes(path, tokens, jdbc, unsubscriptions)));
        return routes.route(RequestPredicates.all(), UnsubscribeEndpoint::notFound).build();
    }
}
