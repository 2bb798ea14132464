package org.paperdigest.subscribers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The first byte of the subscribers file that is not UTF-8, or character YAML does not allow: the file decoded again,
 * counting lines, columns and bytes, since the parser knows only roughly where it stopped.
 */
final class BadCharacter {

    private BadCharacter() {
    }

    static BadInputException find(Path file, EntryProblems problems, Exception e) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // which REPORTs malformed input
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long offset = 0;
        int line = 1;
        int column = 1;
        try (InputStream in = Files.newInputStream(file)) {
            for (boolean end = false; !end; ) {
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = read < 0;
                bytes.position(bytes.position() + Math.max(0, read)).flip();
                CoderResult result = utf8.decode(bytes, chars, end);
                chars.flip();
                while (chars.hasRemaining()) {
                    char c = chars.get();
                    int codePoint = Character.isHighSurrogate(c) && chars.hasRemaining()
                            ? Character.toCodePoint(c, chars.get()) : c;
                    if (!StreamReader.isPrintable(codePoint) && !(offset == 0 && line == 1 && column == 1)) {
                        return problems.at(line, null, "invalid YAML: character "
                                + String.format("U+%04X", codePoint) + " is not allowed in YAML");
                    }
                    line += c == '\n' ? 1 : 0;
                    column = c == '\n' ? 1 : column + 1;
                }
                chars.clear();
                if (result.isError()) {
                    int bad = bytes.position();
                    return problems.at(line, null, "not UTF-8: byte " + String.format("0x%02X", bytes.get(bad) & 0xFF)
                            + " at offset " + (offset + bad) + " (line " + line + ", column " + column
                            + "); save the file as UTF-8");
                }
                offset += bytes.position();
                bytes.compact();
            }
        } catch (IOException io) {
            return new BadInputException(OneLine.of(file + ": cannot read the file: " + io.getMessage()), e);
        }
        throw new IllegalStateException(file + " changed while it was read: the problem is gone", e);
    }
}
