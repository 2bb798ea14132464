package org.paperdigest.unsubscribe;

import java.net.URI;
import java.net.URISyntaxException;

import org.paperdigest.BadInputException;

/**
 * The path the endpoint serves, taken from {@code digest.unsubscribe-url}: for
 * {@code https://lists.example.org/unsubscribe/{token}} that is {@code /unsubscribe/{token}}. The proxy in
 * front of it is free to change the host, not the path.
 */
record UnsubscribePath(String pattern) {

    private static final String MARK = "TOKEN-d41d8cd9";

    /** Whether the URL is one the endpoint serves (an http(s) one), rather than unset or a mailto: link. */
    static boolean isServed(String url) {
        String value = url == null ? "" : url.strip();
        return value.startsWith("https://") || value.startsWith("http://");
    }

    /** @param command the command that serves it, which the message of a bad URL names */
    static UnsubscribePath of(String command, String url) {
        String value = url == null ? "" : url.strip();
        if (!isServed(value)) {
            throw new BadInputException(command + ": digest.unsubscribe-url must be an http(s) URL with {token} in its "
                    + "path, like https://lists.example.org/unsubscribe/{token}" + (value.isEmpty() ? " (it is not set)"
                    : " (it is '" + value + "')"));
        }
        String path;
        try {
            path = new URI(value.replace("{token}", MARK)).getRawPath();
        } catch (URISyntaxException e) {
            throw new BadInputException(command + ": digest.unsubscribe-url '" + value + "' is not a URL: " + e.getReason());
        }
        if (path == null || !path.endsWith("/" + MARK) || path.indexOf(MARK) != path.lastIndexOf(MARK)) {
            throw new BadInputException(command + ": digest.unsubscribe-url '" + value
                    + "' must end its path with /{token}, like https://lists.example.org/unsubscribe/{token}");
        }
        return new UnsubscribePath(path.replace(MARK, "{token}"));
    }
}
