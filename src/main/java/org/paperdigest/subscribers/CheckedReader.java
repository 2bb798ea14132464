package org.paperdigest.subscribers;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.paperdigest.BadInputException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * The subscribers file as characters for SnakeYAML, decoded as it is read, in constant memory.
 * Checks what the whole-file decode used to check: strict UTF-8 (a Latin-1 file must be reported,
 * not silently read as replacement characters) and only characters YAML allows, each reported with
 * its line; SnakeYAML's own check of the latter knows only a character position, not the line.
 * A byte order mark at the start is dropped. Problems are thrown as {@link BadInputException}.
 */
final class CheckedReader extends Reader {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final String label;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes read but not decoded yet, in read mode. */
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    /** Characters decoded and checked but not handed out yet, in read mode. */
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    /** File offset of {@code bytes}' first element. */
    private long offset;
    /** Line of the next character to check. */
    private int line = 1;
    /** Column of the next character to check, in characters (a pair of surrogates is one). */
    private int column = 1;
    private boolean endOfInput;
    private boolean flushed;
    private boolean atStart = true;

    /** @param label the file as messages name it */
    CheckedReader(InputStream in, String label) {
        this.in = in;
        this.label = label;
    }

    @Override
    public int read(char[] buffer, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!decodeMore()) {
                return -1;
            }
        }
        int count = Math.min(len, chars.remaining());
        chars.get(buffer, off, count);
        return count;
    }

    /** Decodes and checks the next characters, if any; false at the end of the file. */
    private boolean decodeMore() {
        if (flushed) {
            return false;
        }
        chars.clear();
        while (chars.position() == 0) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                // the characters before the bad byte come first: one of them may be a problem too
                chars.flip();
                check();
                int bad = bytes.position();
                throw new BadInputException(SubscribersFile.oneLine(label + ":" + line + ": not UTF-8: byte "
                        + String.format("0x%02X", bytes.get(bad) & 0xFF) + " at offset " + (offset + bad) + " (line "
                        + line + ", column " + column + "); save the file as UTF-8"));
            }
            if (result.isUnderflow()) {
                if (endOfInput) {
                    decoder.flush(chars);
                    flushed = true;
                    break;
                }
                fill();
            }
        }
        chars.flip();
        check();
        return chars.hasRemaining() || !flushed; // a byte order mark alone is no end
    }

    private void fill() {
        offset += bytes.position();
        bytes.compact();
        try {
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + read);
            }
        } catch (IOException e) {
            throw new BadInputException(SubscribersFile.oneLine(label + ": cannot read the file: " + e.getMessage()),
                    e);
        }
        bytes.flip();
    }

    /** Counts the lines of the decoded characters and stops at the first one YAML does not allow. */
    private void check() {
        if (atStart && chars.hasRemaining()) {
            atStart = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.position(chars.position() + 1);
            }
        }
        for (int i = chars.position(); i < chars.limit(); i++) {
            char c = chars.get(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < chars.limit() && Character.isLowSurrogate(chars.get(i + 1))) {
                codePoint = Character.toCodePoint(c, chars.get(++i));
            }
            if (!StreamReader.isPrintable(codePoint)) {
                throw new BadInputException(SubscribersFile.oneLine(label + ":" + line + ": invalid YAML: character "
                        + String.format("U+%04X", codePoint) + " is not allowed in YAML"));
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }

    /** True once every byte of the stream was decoded and handed out: the reader has returned its end. */
    boolean atEnd() {
        return flushed && !chars.hasRemaining();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
