package org.paperdigest.rendering;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Writer that keeps what it is given as strings and joins them once, into a string or UTF-8 bytes
 * of the exact size: a kept paper entry (see {@link MemoizedSection}) is copied once into the digest,
 * where a StringWriter copies it into its buffer, grows it, and copies all of it again. Not thread-safe.
 */
class JoiningWriter extends Writer {

    private final List<String> pieces = new ArrayList<>(64);
    // The UTF-8 form of a piece when the writer was given it (a kept entry's), else null.
    private final List<byte[]> encoded = new ArrayList<>(64);

    @Override
    public void write(char[] chars, int offset, int length) {
        add(new String(chars, offset, length), null);
    }

    @Override
    public void write(String s) {
        add(s, null);
    }

    @Override
    public void write(String s, int offset, int length) {
        add(s.substring(offset, offset + length), null);
    }

    @Override
    public void write(int c) {
        add(String.valueOf((char) c), null);
    }

    @Override
    public Writer append(CharSequence s) {
        add(String.valueOf(s), null);
        return this;
    }

    /** Text whose UTF-8 form is known already: {@link #takeUtf8} copies it instead of encoding it again. */
    void write(String s, byte[] utf8) {
        add(s, utf8);
    }

    private void add(String s, byte[] utf8) {
        pieces.add(s);
        encoded.add(utf8);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** Forgets what was written, as after a template that failed half-way. */
    void clear() {
        pieces.clear();
        encoded.clear();
    }

    /** Everything written so far, as one string; the writer is empty again. */
    String take() {
        String joined = String.join("", pieces);
        clear();
        return joined;
    }

    /**
     * Everything written so far, as UTF-8; the writer is empty again. Piece by piece: one title with a
     * letter beyond Latin-1 makes a joined string UTF-16, whose encoding is the slow path for all of it
     * (about a tenth of the CPU of building a message); each piece on its own mostly takes the fast one.
     */
    byte[] takeUtf8() {
        byte[][] parts = new byte[pieces.size()][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            byte[] known = encoded.get(i);
            parts[i] = known != null ? known : pieces.get(i).getBytes(StandardCharsets.UTF_8);
            size += parts[i].length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        clear();
        return out;
    }
}
