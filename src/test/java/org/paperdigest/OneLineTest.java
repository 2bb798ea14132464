package org.paperdigest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OneLineTest {

    /** What OneLine.of does, with a regular expression. */
    static String reference(String s) {
        return s == null ? "" : s.replaceAll("[\\s\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").strip();
    }

    @Test
    void oneLineFoldsLineBreaksControlsAndRunsOfSpaceIntoOneSpace() {
        for (String s : new String[] {null, "", " ", "plain subject", "ends with a newline\n", "  both  ends  ",
                "Eve\r\nBcc: x@example.org", "tab\tand\u000bvertical\ftab", "nul\u0000del\u007f", "a\u2028b\u2029c",
                "\u2003em spaces\u2003", "non\u00a0breaking", "γ-MoD · 🦉", "a \n b", " \t\n"}) {
            assertThat(OneLine.of(s)).as(String.valueOf(s)).isEqualTo(reference(s));
        }
    }

    @Test
    void aFailureIsOneLineWithWhatItsCleanUpFailedOnToo() {
        IOException failure = new IOException("No space left on device");
        failure.addSuppressed(new IOException("/reports/.x.json.1.tmp: Read-only\nfile system"));

        assertThat(OneLine.withSuppressed(failure)).isEqualTo("java.io.IOException: No space left on device;"
                + " and then java.io.IOException: /reports/.x.json.1.tmp: Read-only file system");
    }

    @Test
    void oneLineMatchesTheRegularExpressionOnRandomText() {
        char[] alphabet = " \t\n\r\u000b\f\u0000\u001f\u007fab\u00a0\u2003\u0085\u2028\u2029·…\ud83e\udd89".toCharArray();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            assertThat(OneLine.of(s)).as(s).isEqualTo(reference(s));
        }
    }
}
