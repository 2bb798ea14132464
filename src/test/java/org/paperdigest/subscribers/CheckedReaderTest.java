package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.paperdigest.BadInputException;

/** The decoding reader under the worst a stream may do: give one byte per read. */
class CheckedReaderTest {

    @Test
    void charactersSplitAcrossReadsAndAByteOrderMarkAlone() throws IOException {
        String text = "subscribers:\n  - name: Zoë 注意力 🚀\n";

        assertThat(read(oneByteAtATime(("\uFEFF" + text).getBytes(StandardCharsets.UTF_8)))).isEqualTo(text);
        assertThat(read(oneByteAtATime("\uFEFF".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(read(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void aBadByteIsReportedWithItsLineColumnAndOffset() {
        byte[] bytes = "a: 1\nb: Zo\u00EB\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(oneByteAtATime(bytes)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("f.yml:2: not UTF-8: byte 0xEB at offset 10 (line 2, column 6); save the file as UTF-8");
        // a sequence cut short by the end of the file
        assertThatThrownBy(() -> read(oneByteAtATime(new byte[] {'a', '\n', (byte) 0xE6, (byte) 0xB3})))
                .hasMessage("f.yml:2: not UTF-8: byte 0xE6 at offset 2 (line 2, column 1); save the file as UTF-8");
    }

    @Test
    void theColumnCountsCharactersNotBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("a: 1\nb: 注意 🚀 ".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);

        assertThatThrownBy(() -> read(oneByteAtATime(bytes.toByteArray())))
                .hasMessage("f.yml:2: not UTF-8: byte 0xFF at offset 20 (line 2, column 9); save the file as UTF-8");
    }

    @Test
    void aCharacterYamlDoesNotAllowIsReportedWithItsLine() {
        byte[] bytes = "a: 1\n\nb: \u0000\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> read(oneByteAtATime(bytes)))
                .hasMessage("f.yml:3: invalid YAML: character U+0000 is not allowed in YAML");
    }

    private static String read(InputStream in) throws IOException {
        StringWriter out = new StringWriter();
        try (CheckedReader reader = new CheckedReader(in, "f.yml")) {
            reader.transferTo(out);
        }
        return out.toString();
    }

    private static InputStream oneByteAtATime(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buffer, int off, int len) {
                return super.read(buffer, off, Math.min(len, 1));
            }
        };
    }
}
