package org.paperdigest.rendering;

/**
 * A subscriber's digest: its subject, and its text part and HTML part ({@code null} for text-only
 * subscribers) as UTF-8, the form they are sent in: the renderer writes them as UTF-8 straight away
 * (see {@link JoiningWriter}), with no whole-body string to encode per message.
 */
public record RenderedDigest(String subject, byte[] textUtf8, byte[] htmlUtf8) {
}
