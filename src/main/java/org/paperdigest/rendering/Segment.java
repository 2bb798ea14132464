package org.paperdigest.rendering;

/** A run of text in a title or snippet; {@code hit} runs are the matched words, highlighted. */
public record Segment(String text, boolean hit) {
}
