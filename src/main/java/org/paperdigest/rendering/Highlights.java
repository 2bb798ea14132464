package org.paperdigest.rendering;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.paperdigest.matching.Span;

/** Cuts titles and abstracts into highlighted parts, and abstracts down to a readable snippet. */
final class Highlights {

    /** A run of text in a title or snippet; {@code hit} runs are the matched words, which the templates highlight. */
    record Part(String text, boolean hit) {
    }

    static final String ELLIPSIS = "\u2026";
    private static final int SNIPPET_TARGET = 280;
    private static final int SNIPPET_MAX = 420;
    // Context kept before a match that sits deep inside a very long sentence.
    private static final int LEAD_IN = 80;

    private Highlights() {
    }

    static List<Part> whole(String text, List<Span> spans) {
        return parts(text, 0, text.length(), spans);
    }

    /**
     * Whole sentences around the first match (or from the start when the abstract did not match),
     * about {@value #SNIPPET_TARGET} characters, never more than {@value #SNIPPET_MAX}.
     */
    static List<Part> snippet(String text, List<Span> spans) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int start = 0;
        if (!spans.isEmpty()) {
            int first = spans.get(0).start();
            start = sentences.isBoundary(first) ? first : Math.max(0, sentences.preceding(first));
            if (first - start > SNIPPET_MAX - LEAD_IN) {
                start = wordStart(text, first - LEAD_IN);
            }
        }
        int end = start;
        while (end - start < SNIPPET_TARGET) {
            int next = sentences.following(end);
            if (next == BreakIterator.DONE) {
                end = text.length();
                break;
            }
            end = next;
        }
        boolean cut = false;
        if (end - start > SNIPPET_MAX) {
            int limit = start + SNIPPET_MAX;
            int space = text.lastIndexOf(' ', limit);
            end = space > start ? space : limit;
            cut = true;
        }
        List<Part> parts = new ArrayList<>();
        if (start > 0) {
            parts.add(new Part(ELLIPSIS, false));
        }
        parts.addAll(parts(text, start, end, spans));
        String tail = text.substring(end).strip();
        if (cut || !tail.isEmpty()) {
            parts.add(new Part(" " + ELLIPSIS, false));
        }
        return parts;
    }

    private static int wordStart(String text, int at) {
        int space = text.lastIndexOf(' ', Math.max(0, at));
        return space < 0 ? 0 : space + 1;
    }

    /** The parts of text[from, to), with overlapping or touching spans merged into one hit. */
    private static List<Part> parts(String text, int from, int to, List<Span> spans) {
        List<Part> parts = new ArrayList<>();
        int at = from;
        int i = 0;
        while (i < spans.size()) {
            int start = Math.max(spans.get(i).start(), at);
            int end = spans.get(i).end();
            while (i + 1 < spans.size() && spans.get(i + 1).start() <= end) {
                end = Math.max(end, spans.get(++i).end());
            }
            i++;
            end = Math.min(end, to);
            if (start >= end) {
                continue;
            }
            if (start > at) {
                parts.add(new Part(text.substring(at, start), false));
            }
            parts.add(new Part(text.substring(start, end), true));
            at = end;
        }
        if (at < to) {
            parts.add(new Part(text.substring(at, to).stripTrailing(), false));
        }
        return parts;
    }
}
