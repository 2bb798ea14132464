package org.paperdigest.subscribers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A sync's lines of changes, kept in a temporary file until the transaction is over: they are said once committed,
 * and there may be as many as entries. Deleted on close.
 */
final class LineSpool implements AutoCloseable {

    private final Path file;
    private final DataOutputStream out;
    private long lines;

    LineSpool() {
        try {
            file = Files.createTempFile("paper-digest-sync-", ".lines");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the sync's changes", e);
        }
    }

    void add(String line) {
        try {
            out.writeUTF(line); // length-prefixed: a line is given back exactly, whatever it contains
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sync's changes to " + file, e);
        }
    }

    /** Gives the lines to {@code to} by kind, in the order added: additions (+), changes (~), deactivations (-). */
    void replay(Consumer<String> to) {
        try {
            out.flush();
            for (char kind : new char[] {'+', '~', '-'}) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                    for (long i = 0; i < lines; i++) {
                        String line = in.readUTF();
                        if (line.charAt(0) == kind) {
                            to.accept(line);
                        }
                    }
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
