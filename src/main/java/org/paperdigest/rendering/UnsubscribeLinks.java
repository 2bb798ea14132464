package org.paperdigest.rendering;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.paperdigest.DigestProperties;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.unsubscribe.UnsubscribeTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** A subscriber's unsubscribe links: their token filled into {@code digest.unsubscribe-url} (and the mailto). */
@Component
public class UnsubscribeLinks {

    private final String template;
    private final String mailto;
    private final Function<Subscriber, String> tokens;

    /** Links with the subscriber's HMAC token ({@link UnsubscribeTokens}). */
    @Autowired
    public UnsubscribeLinks(DigestProperties properties, UnsubscribeTokens tokens) {
        this(properties, s -> tokens.of(s.id(), s.email()));
    }

    /** @param tokens a subscriber's token: the HMAC one in the application, any in tests and benchmarks */
    public UnsubscribeLinks(DigestProperties properties, Function<Subscriber, String> tokens) {
        this.template = properties.unsubscribeUrl() == null ? "" : properties.unsubscribeUrl().strip();
        this.mailto = properties.unsubscribeMailto() == null ? "" : properties.unsubscribeMailto().strip();
        this.tokens = tokens;
    }

    /** The subscriber's unsubscribe URL, or null when none is configured. */
    public String of(Subscriber subscriber) {
        return template.isEmpty() ? null : forToken(tokens.apply(subscriber));
    }

    /** The URL for this token, or null when none is configured. */
    public String forToken(String token) {
        return template.isEmpty() ? null
                : template.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /**
     * A {@code mailto:} link to {@code digest.unsubscribe-mailto} whose subject names the subscriber's token, or
     * null when that is not set or there is no unsubscribe URL (the token is the URL's).
     */
    public String mailto(Subscriber subscriber) {
        return mailto.isEmpty() || template.isEmpty() ? null : "mailto:" + mailto + "?subject=unsubscribe%20"
                + URLEncoder.encode(tokens.apply(subscriber), StandardCharsets.UTF_8);
    }

    /** RFC 8058 one-click unsubscribe needs an HTTPS URL; a mailto: link cannot take a POST. */
    public boolean oneClick() {
        return template.startsWith("https://") || template.startsWith("http://");
    }
}
