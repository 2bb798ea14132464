package org.paperdigest.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A write-ahead journal of delivery outcomes beside the H2 database file. A message's outcome is
 * appended to the journal (a plain write: it survives the process being killed) before the next
 * message leaves, and reaches the database in one batch per chunk; whatever a killed run left in the
 * journal is replayed into the database before the next run starts. So a crash still repeats at most
 * the message in flight on each connection, without a database commit per message.
 *
 * <p>Only for an H2 file database, whose directory is this machine's; with any other database the
 * outcomes are committed one by one ({@link DeliveryStore#record}).
 */
@Component
public class DeliveryJournal {

    private final Path dir;

    DeliveryJournal(Environment environment) {
        this.dir = dirFor(environment.getProperty("spring.datasource.url", ""));
    }

    /** {@code jdbc:h2:file:./data/paper-digest;...} keeps its journal in {@code ./data/paper-digest.journal/}. */
    static Path dirFor(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:")) {
            return null;
        }
        String path = url.substring("jdbc:h2:".length());
        path = path.startsWith("file:") ? path.substring("file:".length()) : path;
        int options = path.indexOf(';');
        path = options >= 0 ? path.substring(0, options) : path;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path + ".journal");
    }

    boolean enabled() {
        return dir != null;
    }

    /** Moves every outcome a killed run left in the journal into the delivery record. */
    public void replay(DeliveryStore store) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<DeliveryOutcome> outcomes = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        outcomes.add(DeliveryOutcome.fromLine(line));
                    }
                }
                store.recordAll(outcomes);
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the delivery journal in " + dir, e);
        }
    }

    /** A journal file of its own for one writer (one partition of a run). */
    Writer open() {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(UUID.randomUUID() + ".log");
            return new Writer(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a delivery journal in " + dir, e);
        }
    }

    static final class Writer implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;

        private Writer(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        void append(DeliveryOutcome outcome) {
            ByteBuffer bytes = ByteBuffer.wrap(outcome.toLine().getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the delivery journal", e);
            }
        }

        /** The outcomes so far are in the database: start the file over. */
        void clear() {
            try {
                channel.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear the delivery journal", e);
            }
        }

        /** At the end of the step: an empty file has nothing to replay; a non-empty one stays for the next run. */
        @Override
        public void close() {
            try {
                channel.close();
                if (Files.size(file) == 0) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the delivery journal " + file, e);
            }
        }
    }
}
