package org.paperdigest.unsubscribe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The unsubscribe endpoint (RFC 8058). A POST with {@code List-Unsubscribe=One-Click} unsubscribes at once,
 * as mail providers send it (no cookies, no redirects); a GET only shows a page whose button sends that POST,
 * since link scanners and previews follow GETs. Every token that is not ours, tampered, truncated or of a
 * subscriber we do not have, gets the same 404, and a valid one the same answers whether or not the address
 * still gets digests: the endpoint tells nobody who is subscribed.
 */
final class UnsubscribeHandler {

    /** RFC 8058's body is 26 bytes; a form or multipart wrapping of it well under a kilobyte. */
    static final int MAX_BODY = 1024;
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final UnsubscribeTokens tokens;
    private final JdbcClient jdbc;
    private final Unsubscriptions unsubscriptions;

    UnsubscribeHandler(UnsubscribeTokens tokens, JdbcClient jdbc, Unsubscriptions unsubscriptions) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.unsubscriptions = unsubscriptions;
    }

    ServerResponse page(ServerRequest request) {
        Optional<String> email = subscriberOf(request.pathVariable("token"));
        if (email.isEmpty()) {
            return notOurs();
        }
        return html(HttpStatus.OK, "Unsubscribe", "<p>Stop sending digests to " + escape(masked(email.get()))
                + "?</p>\n<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    ServerResponse unsubscribe(ServerRequest request) throws IOException {
        if (request.servletRequest().getContentLengthLong() > MAX_BODY) {
            return html(HttpStatus.CONTENT_TOO_LARGE, "Too large", "<p>The request is too large.</p>");
        }
        byte[] body;
        try (InputStream in = request.servletRequest().getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return html(HttpStatus.CONTENT_TOO_LARGE, "Too large", "<p>The request is too large.</p>");
        }
        Optional<String> email = subscriberOf(request.pathVariable("token"));
        if (email.isEmpty()) {
            return notOurs();
        }
        if (!OneClickBody.isOneClick(new String(body, StandardCharsets.UTF_8))) {
            return html(HttpStatus.BAD_REQUEST, "Bad request",
                    "<p>Expected the body List-Unsubscribe=One-Click (RFC 8058).</p>");
        }
        unsubscriptions.unsubscribe(email.get());
        return html(HttpStatus.OK, "Unsubscribed", "<p>" + escape(masked(email.get()))
                + " will get no more digests.</p>");
    }

    static ServerResponse notFound(ServerRequest request) {
        return html(HttpStatus.NOT_FOUND, "Not found", "<p>Not found.</p>");
    }

    /** The address the token was issued to, if it is a token of ours. */
    private Optional<String> subscriberOf(String token) {
        OptionalLong id = tokens.subscriberId(token);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT email FROM subscriber WHERE id = ?").param(id.getAsLong()).query(String.class)
                .optional()
                .filter(email -> tokens.isFor(token, id.getAsLong(), email));
    }

    private static ServerResponse notOurs() {
        return html(HttpStatus.NOT_FOUND, "Not found", "<p>This unsubscribe link is not valid.</p>");
    }

    /** {@code ada@example.org} as {@code a***@example.org}: enough for its owner to recognise, no more. */
    static String masked(String email) {
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    private static String escape(String s) {
        return HtmlUtils.htmlEscape(s, StandardCharsets.UTF_8.name());
    }

    private static ServerResponse html(HttpStatus status, String title, String content) {
        return ServerResponse.status(status).contentType(HTML)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .body("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                        + "content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>" + title
                        + "</title></head>\n<body>" + content + "</body></html>\n");
    }
}
