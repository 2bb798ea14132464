package org.paperdigest.rendering;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.paperdigest.DigestProperties;
import org.springframework.stereotype.Component;

/** Fills a subscriber's token into {@code digest.unsubscribe-url}. */
@Component
public class UnsubscribeLinks {

    private final String template;

    public UnsubscribeLinks(DigestProperties properties) {
        this.template = properties.unsubscribeUrl() == null ? "" : properties.unsubscribeUrl().strip();
    }

    /** The subscriber's unsubscribe URL, or null when none is configured. */
    public String forToken(String token) {
        return template.isEmpty() ? null
                : template.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** RFC 8058 one-click unsubscribe needs an HTTPS URL; a mailto: link cannot take a POST. */
    public boolean oneClick() {
        return template.startsWith("https://") || template.startsWith("http://");
    }
}
