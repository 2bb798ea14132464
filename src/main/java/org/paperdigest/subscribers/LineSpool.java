package org.paperdigest.subscribers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Lines kept in a temporary file until they may be shown: a sync lists its changes before it
 * commits, but says them only once they are committed, and there may be as many as the file has
 * entries. Deleted on close.
 */
final class LineSpool implements AutoCloseable {

    private final Path file;
    private final DataOutputStream out;

    private LineSpool(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    static LineSpool create() {
        try {
            return new LineSpool(Files.createTempFile("paper-digest-sync-", ".lines"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the sync's changes", e);
        }
    }

    void add(String line) {
        try {
            out.writeUTF(line); // length-prefixed: a line is given back exactly, whatever it contains
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sync's changes to " + file, e);
        }
    }

    /** Gives every line added so far to {@code lines}, in order. */
    void replay(Consumer<String> lines) {
        try {
            out.flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                while (true) {
                    String line;
                    try {
                        line = in.readUTF();
                    } catch (EOFException end) {
                        return;
                    }
                    lines.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sync's changes from " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
