package org.paperdigest.rendering;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Writer that keeps what it is given as strings and joins them once, into a string of the exact
 * size: a kept paper entry (see {@link MemoizedSection}) is copied once into the digest, where a
 * StringWriter copies it into its buffer, grows it, and copies all of it again. Not thread-safe.
 */
class JoiningWriter extends Writer {

    private final List<String> pieces = new ArrayList<>(64);

    @Override
    public void write(char[] chars, int offset, int length) {
        pieces.add(new String(chars, offset, length));
    }

    @Override
    public void write(String s) {
        pieces.add(s);
    }

    @Override
    public void write(String s, int offset, int length) {
        pieces.add(s.substring(offset, offset + length));
    }

    @Override
    public void write(int c) {
        pieces.add(String.valueOf((char) c));
    }

    @Override
    public Writer append(CharSequence s) {
        pieces.add(String.valueOf(s));
        return this;
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
    }

    /** Everything written so far, as one string; the writer is empty again. */
    String take() {
        String joined = String.join("", pieces);
        pieces.clear();
        return joined;
    }
}
