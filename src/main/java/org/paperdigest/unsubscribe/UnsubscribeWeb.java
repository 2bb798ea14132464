package org.paperdigest.unsubscribe;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.paperdigest.BadInputException;
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
 * The beans of the web context that {@link UnsubscribeServer} starts as a child of the command's context.
 * Deliberately not a {@code @Configuration}: the application's component scan must not find it, so that no
 * other command creates a web server or these beans.
 */
@EnableWebMvc
class UnsubscribeWeb {

    private final String path;

    UnsubscribeWeb(UnsubscribePath path) {
        this.path = path.pattern();
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
            connector.setMaxPostSize(UnsubscribeHandler.MAX_BODY);
            connector.setProperty("maxSwallowSize", String.valueOf(UnsubscribeHandler.MAX_BODY));
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

    @Bean
    UnsubscribeHandler unsubscribeHandler(UnsubscribeTokens tokens, JdbcClient jdbc, Unsubscriptions unsubscriptions) {
        return new UnsubscribeHandler(tokens, jdbc, unsubscriptions);
    }

    /** Only the unsubscribe path, GET and POST; everything else is 404 (not Tomcat's page naming its version). */
    @Bean
    RouterFunction<ServerResponse> unsubscribeRoutes(UnsubscribeHandler handler) {
        return RouterFunctions.route()
                .GET(path, handler::page)
                .POST(path, handler::unsubscribe)
                .route(RequestPredicates.all(), handler::notFound)
                .build();
    }
}
