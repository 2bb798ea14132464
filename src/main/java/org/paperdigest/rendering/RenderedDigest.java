package org.paperdigest.rendering;

/** A subscriber's digest as text; {@code html} is null for text-only subscribers. */
public record RenderedDigest(String subject, String text, String html) {
}
