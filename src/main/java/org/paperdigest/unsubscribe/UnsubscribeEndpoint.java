package org.paperdigest.unsubscribe;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** The routes of the unsubscribe endpoint, for the HTTP server that {@code serve} and {@code schedule} start. */
public final class UnsubscribeEndpoint {

    /** The largest request body the server takes (a one-click POST is 26 bytes; a metrics scrape is a GET). */
    public static final int MAX_BODY = UnsubscribeHandler.MAX_BODY;

    private UnsubscribeEndpoint() {
    }

    /**
     * The path served for {@code digest.unsubscribe-url}, with {@code {token}}: for
     * {@code https://lists.example.org/unsubscribe/{token}}, {@code /unsubscribe/{token}}. Empty when that URL is
     * unset or a {@code mailto:} (there is nothing to serve); an http(s) URL without {@code /{token}} at the end
     * of its path is bad input, its message starting with {@code command}.
     */
    public static Optional<String> path(String command, String url) {
        return UnsubscribePath.isServed(url) ? Optional.of(UnsubscribePath.of(command, url).pattern()) : Optional.empty();
    }

    /** As {@link #path}, but the URL must be an http(s) one: {@code serve} has nothing else to serve. */
    public static String requiredPath(String command, String url) {
        return UnsubscribePath.of(command, url).pattern();
    }

    /** GET (the page with the button) and POST (RFC 8058's one-click) at {@code path}, nothing else. */
    public static RouterFunction<ServerResponse> routes(String path, UnsubscribeTokens tokens, JdbcClient jdbc,
            Unsubscriptions unsubscriptions) {
        UnsubscribeHandler handler = new UnsubscribeHandler(tokens, jdbc, unsubscriptions);
        return RouterFunctions.route().GET(path, handler::page).POST(path, handler::unsubscribe).build();
    }

    /** The page of every other path: a plain 404 (not Tomcat's page naming its version). */
    public static ServerResponse notFound(ServerRequest request) {
        return UnsubscribeHandler.notFound(request);
    }
}
