package org.paperdigest.rendering;

import java.nio.charset.StandardCharsets;

/**
 * A subscriber's digest: its subject, and its text part and HTML part ({@code null} for text-only
 * subscribers) as UTF-8, the form they are sent in: the renderer writes them as UTF-8 straight away
 * (see {@link JoiningWriter}), with no whole-body string to encode per message.
 */
public record RenderedDigest(String subject, byte[] textUtf8, byte[] htmlUtf8) {

    public RenderedDigest(String subject, String text, String html) {
        this(subject, text.getBytes(StandardCharsets.UTF_8),
                html == null ? null : html.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        return new String(textUtf8, StandardCharsets.UTF_8);
    }

    public String html() {
        return htmlUtf8 == null ? null : new String(htmlUtf8, StandardCharsets.UTF_8);
    }
}
