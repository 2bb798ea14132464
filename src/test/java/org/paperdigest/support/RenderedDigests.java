package org.paperdigest.support;

import java.nio.charset.StandardCharsets;

import org.paperdigest.rendering.RenderedDigest;

/** A rendered digest as strings, for tests: the application keeps its parts as the UTF-8 bytes it sends. */
public final class RenderedDigests {

    private RenderedDigests() {
    }

    /** @param html null for a text-only digest */
    public static RenderedDigest of(String subject, String text, String html) {
        return new RenderedDigest(subject, text.getBytes(StandardCharsets.UTF_8),
                html == null ? null : html.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(RenderedDigest digest) {
        return new String(digest.textUtf8(), StandardCharsets.UTF_8);
    }

    /** Null for a text-only digest. */
    public static String html(RenderedDigest digest) {
        return digest.htmlUtf8() == null ? null : new String(digest.htmlUtf8(), StandardCharsets.UTF_8);
    }
}
