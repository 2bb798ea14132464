package org.paperdigest.rendering;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A digest template's output as UTF-8, kept piece by piece and joined once at its exact size. The
 * paper entries come rendered already: Mustache writes {@code {{{paper}}}} as the very string the entry
 * holds, and its bytes are copied instead of encoded again. Piece by piece also keeps encoding on the
 * fast path: one title with a letter beyond Latin-1 would make a joined string UTF-16, whose encoding is
 * the slow path for all of it. Not thread-safe: one per digest.
 */
final class JoiningWriter extends Writer {

    private final List<byte[]> pieces = new ArrayList<>(64);
    private final List<DigestView.Entry> entries;
    private int next;
    private int size;

    /** @param entries the paper entries in the order the template writes them; anything else is encoded */
    JoiningWriter(List<DigestView.Entry> entries) {
        this.entries = entries;
    }

    @Override
    public void write(String s) {
        // Identity, not equality: only the entry's own string is known to have these bytes, and it costs nothing.
        if (next < entries.size() && s == entries.get(next).paper()) {
            add(entries.get(next++).utf8());
        } else {
            add(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void write(String s, int offset, int length) {
        write(s.substring(offset, offset + length));
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        add(new String(chars, offset, length).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(int c) {
        write(String.valueOf((char) c));
    }

    @Override
    public Writer append(CharSequence s) {
        write(String.valueOf(s));
        return this;
    }

    private void add(byte[] piece) {
        pieces.add(piece);
        size += piece.length;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** Everything written, as one array. */
    byte[] toByteArray() {
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, out, at, piece.length);
            at += piece.length;
        }
        return out;
    }
}
