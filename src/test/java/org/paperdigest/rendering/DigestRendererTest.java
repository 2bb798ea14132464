package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;

class DigestRendererTest {

    /** What oneLine always did, with a regular expression. */
    static String reference(String s) {
        return s == null ? null : s.replaceAll("[\\s\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    @Test
    void oneLineFoldsLineBreaksControlsAndRunsOfSpaceIntoOneSpace() {
        for (String s : new String[] {null, "", " ", "plain subject", "ends with a newline\n", "  both  ends  ",
                "Eve\r\nBcc: x@example.org", "tab\tand\u000bvertical\ftab", "nul\u0000del\u007f", "a\u2028b\u2029c",
                "\u2003em spaces\u2003", "non\u00a0breaking", "γ-MoD · 🦉", "a \n b", " \t\n"}) {
            assertThat(DigestRenderer.oneLine(s)).as(String.valueOf(s)).isEqualTo(reference(s));
        }
    }

    @Test
    void oneLineMatchesTheRegularExpressionOnRandomText() {
        char[] alphabet = " \t\n\r\u000b\f\u0000\u001f\u007fab\u00a0\u2003\u2028\u2029·…\ud83e\udd89".toCharArray();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            assertThat(DigestRenderer.oneLine(s)).as(s).isEqualTo(reference(s));
        }
    }

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
