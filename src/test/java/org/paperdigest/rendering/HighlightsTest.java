package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.paperdigest.matching.Span;

class HighlightsTest {

    static String marked(List<Highlights.Part> segments) {
        return segments.stream().map(s -> s.hit() ? "[" + s.text() + "]" : s.text()).collect(Collectors.joining());
    }

    @Test
    void overlappingSpansBecomeOneHighlight() {
        assertThat(marked(Highlights.whole("KV cache quantization", List.of(new Span(0, 8), new Span(3, 21)))))
                .isEqualTo("[KV cache quantization]");
    }

    @Test
    void theSnippetStartsAtTheSentenceOfTheFirstMatch() {
        String text = "First sentence is about nothing. Second one mentions attention briefly. Third sentence ends it.";
        int at = text.indexOf("attention");

        assertThat(marked(Highlights.snippet(text, List.of(new Span(at, at + 9)))))
                .isEqualTo("\u2026Second one mentions [attention] briefly. Third sentence ends it.");
    }

    @Test
    void aLongAbstractIsCutAtAWordWithAnEllipsis() {
        String text = "word ".repeat(1_000);

        String snippet = marked(Highlights.snippet(text, List.of()));

        assertThat(snippet).endsWith(" \u2026").hasSizeLessThan(430);
    }
}
