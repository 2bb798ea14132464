package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;

class DigestRendererTest {

    static MatchedPaper matched(String... interests) {
        return new MatchedPaper(new Paper(0, null, "t", "s", List.of(), null, null), 1, List.of(interests), List.of(),
                List.of());
    }

    @Test
    void topicsPutTheInterestsWithMostPapersFirstAndKeepFirstSeenOrderAmongEquals() {
        assertThat(DigestRenderer.topics(List.of(matched("b"), matched("a", "c"), matched("c"), matched("a"),
                matched("d")))).isEqualTo("a, c, b and 1 more");
        assertThat(DigestRenderer.topics(List.of(matched("x"), matched("y")))).isEqualTo("x, y");
        assertThat(DigestRenderer.topics(List.of())).isEmpty();
        assertThat(DigestRenderer.topics(List.of(matched("1", "2", "3", "4", "5", "6", "7", "8", "9"),
                matched("9")))).isEqualTo("9, 1, 2 and 6 more");
    }
}
