package org.paperdigest.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.paperdigest.BadInputException;
import org.paperdigest.H2FileUrl;
import org.springframework.beans.factory.ObjectProvider;
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
 * outcomes are committed one by one ({@link DeliveryStore#record}), each before the next message leaves.
 */
@Component
public class DeliveryJournal {

    private final Path dir;
    private final Path databaseFile;
    private final JournalLedger ledger;
    private final ObjectProvider<FullDisk> fullDisk;
    /** Digests delivered by this process, for the line that says how far a run got when the disk filled. */
    private final LongAdder delivered = new LongAdder();

    DeliveryJournal(Environment environment, ObjectProvider<FullDisk> fullDisk) {
        String url = environment.getProperty("spring.datasource.url");
        this.dir = dirFor(url);
        this.databaseFile = dir == null ? null : H2FileUrl.parse(url).databaseFile();
        this.ledger = dir == null ? null : new JournalLedger(dir);
        this.fullDisk = fullDisk;
    }

    /** The H2 file beside the journal, or null without one. */
    Path databaseFile() {
        return databaseFile;
    }

    long deliveredSoFar() {
        return delivered.sum();
    }

    /** {@code jdbc:h2:file:./data/paper-digest;...} keeps its journal in {@code ./data/paper-digest.journal/}. */
    static Path dirFor(String url) {
        H2FileUrl h2 = H2FileUrl.parse(url);
        return h2 == null ? null : h2.beside(".journal"); // absolute: messages name it in full
    }

    boolean enabled() {
        return dir != null;
    }

    /**
     * Moves every outcome a killed run left in the journal into the delivery record. A torn last record (the
     * process died, or the disk filled, in the middle of writing it) is dropped with a warning: its message
     * was the one in flight. A damaged record anywhere else stops with the file, the line and the repair;
     * files that are not journal files are left alone, with a warning. First, a database behind the journal's
     * {@link JournalLedger} is refused.
     */
    public void replay(DeliveryStore store) {
        if (dir == null) {
            return;
        }
        ledger.check(store.commits(), databaseFile());
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    if (!file.getFileName().toString().endsWith(".log") || !Files.isRegularFile(file)) {
                        System.err.println("paper-digest: warning: " + file + " is not a journal file (*.log) and is "
                                + "ignored; move it out of " + dir);
                        continue;
                    }
                    store.recordAll(read(file));
                    ledger.closed(file); // before the delete: a file still there is replayed again, harmlessly
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replay the delivery journal in " + dir, e);
            }
        }
        ledger.startOver(store.commits());
    }

    /** The outcomes of one journal file, checked record by record. */
    static List<DeliveryOutcome> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        int line = 0;
        for (int from = 0; from < bytes.length; line++) {
            int end = from;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean last = end >= bytes.length - 1;
            int to = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
            if (end == bytes.length) {
                System.err.println("paper-digest: warning: dropped the torn last record of " + file + " (line "
                        + (line + 1) + ", no line end): the process stopped while writing it, so its message "
                        + "was in flight and may arrive twice");
                break;
            }
            if (to > from && !blank(bytes, from, to)) {
                try {
                    outcomes.add(DeliveryOutcome.fromRecord(bytes, from, to));
                } catch (IllegalArgumentException damaged) {
                    if (!last) {
                        throw new BadInputException("the delivery journal " + file + " is damaged at line " + (line + 1)
                                + ": " + damaged.getMessage() + "; nothing was sent. Look at that line: if it is not a "
                                + "delivery record, delete it (sed -i '" + (line + 1) + "d' " + file + "), then run "
                                + "the same command again (the digest it recorded, if any, may then be sent again)");
                    }
                    System.err.println("paper-digest: warning: dropped the damaged last record of " + file + " (line "
                            + (line + 1) + ": " + damaged.getMessage() + "): the process stopped while writing it, "
                            + "so its message was in flight and may arrive twice");
                }
            }
            from = end + 1;
        }
        return outcomes;
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A journal file of its own for one writer (one partition of a run). */
    Writer open() {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(UUID.randomUUID() + ".log");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            Writer writer = new Writer(file, ledger, fullDisk.getObject(), delivered, channel);
            writer.toLedger(() -> ledger.opened(file));
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a delivery journal in " + dir, e);
        }
    }

    static final class Writer implements AutoCloseable {
        private final Path file;
        private final JournalLedger ledger;
        private final FullDisk fullDisk;
        private final LongAdder delivered;
        private final FileChannel channel;

        private Writer(Path file, JournalLedger ledger, FullDisk fullDisk, LongAdder delivered, FileChannel channel) {
            this.file = file;
            this.ledger = ledger;
            this.fullDisk = fullDisk;
            this.delivered = delivered;
            this.channel = channel;
        }

        void append(DeliveryOutcome outcome) {
            ByteBuffer bytes = ByteBuffer.wrap(outcome.toRecord());
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                fullDisk.stopIfFull(e, file);
                throw new UncheckedIOException("cannot append to the delivery journal " + file, e);
            }
            if (outcome.status() == DeliveryStatus.DELIVERED) {
                delivered.increment();
            }
        }

        /** The outcomes so far are in the database, its commit count now {@code commits}: start the file over. */
        void clear(long commits) {
            toLedger(() -> ledger.committed(commits));
            try {
                channel.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear the delivery journal", e);
            }
        }

        /** A full disk stops the ledger's writes as it stops the journal's: with the line that says what to do. */
        void toLedger(Runnable write) {
            try {
                write.run();
            } catch (UncheckedIOException e) {
                fullDisk.stopIfFull(e.getCause(), ledger.file());
                throw e;
            }
        }

        /** At the end of the step: an empty file has nothing to replay; a non-empty one stays for the next run. */
        @Override
        public void close() {
            try {
                channel.close();
                if (Files.size(file) == 0) {
                    toLedger(() -> ledger.closed(file));
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the delivery journal " + file, e);
            }
        }
    }
}
