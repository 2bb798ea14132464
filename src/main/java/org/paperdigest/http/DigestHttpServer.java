package org.paperdigest.http;

import java.util.Optional;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.unsubscribe.UnsubscribeEndpoint;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The HTTP server of {@code serve} and {@code schedule} on {@code digest.http.port}: the one-click unsubscribe
 * endpoint and the process's metrics at {@code /actuator/prometheus}. A servlet web context (embedded Tomcat) as
 * a child of the command's non-web context, whose database, settings, suppression list and meter registry it
 * uses. No other command starts it, so they stay plain CLIs with no web server.
 */
public final class DigestHttpServer implements AutoCloseable {

    private final AnnotationConfigServletWebServerApplicationContext web;
    private final Optional<String> unsubscribePath;

    private DigestHttpServer(AnnotationConfigServletWebServerApplicationContext web, Optional<String> unsubscribePath) {
        this.web = web;
        this.unsubscribePath = unsubscribePath;
    }

    /** For {@code serve}: the port and an http(s) {@code digest.unsubscribe-url} are required. */
    public static DigestHttpServer serve(ConfigurableApplicationContext parent) {
        String path = UnsubscribeEndpoint.requiredPath("serve", parent.getBean(DigestProperties.class).unsubscribeUrl());
        if (parent.getBean(HttpProperties.class).port() == null) {
            throw new BadInputException("serve: digest.http.port is not set (the port of the unsubscribe endpoint)");
        }
        return start(parent, Optional.of(path));
    }

    /**
     * For {@code schedule}: none when {@code digest.http.port} is unset (it serves no HTTP then); the unsubscribe
     * endpoint too when {@code digest.unsubscribe-url} is an http(s) URL.
     */
    public static Optional<DigestHttpServer> forSchedule(ConfigurableApplicationContext parent) {
        if (parent.getBean(HttpProperties.class).port() == null) {
            return Optional.empty();
        }
        return Optional.of(start(parent, UnsubscribeEndpoint.path("schedule",
                parent.getBean(DigestProperties.class).unsubscribeUrl())));
    }

    private static DigestHttpServer start(ConfigurableApplicationContext parent, Optional<String> unsubscribePath) {
        AnnotationConfigServletWebServerApplicationContext web = new AnnotationConfigServletWebServerApplicationContext();
        web.setParent(parent);
        web.registerBean(DigestWeb.Paths.class, () -> new DigestWeb.Paths(unsubscribePath));
        web.register(DigestWeb.class);
        web.refresh();
        web.registerShutdownHook();
        return new DigestHttpServer(web, unsubscribePath);
    }

    /** The port it listens on (the one chosen when {@code digest.http.port} is 0). */
    public int port() {
        return web.getWebServer().getPort();
    }

    /** What it serves, for the command's first line: the unsubscribe path (with {@code {token}}) and the metrics'. */
    public String describe() {
        return unsubscribePath.map(path -> "unsubscribes at " + path + " and ").orElse("") + "metrics at "
                + MetricsHandler.PATH;
    }

    /** The unsubscribe path it serves, with {@code {token}}; empty when it serves none. */
    public Optional<String> unsubscribePath() {
        return unsubscribePath;
    }

    @Override
    public void close() {
        web.close();
    }
}
