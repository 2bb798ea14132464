package org.paperdigest.unsubscribe;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the unsubscribe endpoint: a servlet web context (embedded Tomcat) as a child of the command's
 * non-web context, whose database, settings and suppression list it uses. Only {@code serve} calls this;
 * every other command stays a plain CLI with no web server.
 */
public final class UnsubscribeServer implements AutoCloseable {

    private final AnnotationConfigServletWebServerApplicationContext web;

    private UnsubscribeServer(AnnotationConfigServletWebServerApplicationContext web) {
        this.web = web;
    }

    public static UnsubscribeServer start(ConfigurableApplicationContext parent) {
        DigestProperties properties = parent.getBean(DigestProperties.class);
        UnsubscribePath path = UnsubscribePath.of(properties.unsubscribeUrl());
        if (parent.getBean(HttpProperties.class).port() == null) {
            throw new BadInputException("serve: digest.http.port is not set (the port of the unsubscribe endpoint)");
        }
        AnnotationConfigServletWebServerApplicationContext web = new AnnotationConfigServletWebServerApplicationContext();
        web.setParent(parent);
        web.registerBean(UnsubscribePath.class, () -> path);
        web.register(UnsubscribeWeb.class);
        web.refresh();
        web.registerShutdownHook();
        return new UnsubscribeServer(web);
    }

    /** The port it listens on (the one chosen when {@code digest.http.port} is 0). */
    public int port() {
        return web.getWebServer().getPort();
    }

    /** The path it serves, with {@code {token}}. */
    public String path() {
        return web.getBean(UnsubscribePath.class).pattern();
    }

    @Override
    public void close() {
        web.close();
    }
}
