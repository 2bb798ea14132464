package org.paperdigest.subscribers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes table {@code subscriber} match the subscribers file in one transaction, all or nothing (see {@link SyncRun}).
 * Rows are matched by the lower-cased address; they are never deleted (deliveries refer to them), only deactivated.
 * A file byte for byte the one the last sync applied ({@link AppliedFile}) is hashed but not parsed: every entry is
 * unchanged, and nothing is written.
 */
@Component
public class SubscriberSync {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SubscribersFile subscribersFile;
    private final AppliedFile appliedFile;

    public SubscriberSync(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            SubscribersFile subscribersFile) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transaction = new TransactionTemplate(transactionManager);
        this.subscribersFile = Objects.requireNonNull(subscribersFile, "subscribersFile");
        this.appliedFile = new AppliedFile(JdbcClient.create(jdbc));
    }

    /**
     * What {@link #apply} would do now: the sync runs and its transaction is rolled back (so call it outside any
     * other transaction).
     *
     * @param changes gets a line per change once the transaction is over: additions ({@code + email}) and changes
     *                ({@code ~ email (keys)}) in file order, then deactivations ({@code - email (deactivated)}) by
     *                address
     * @throws BadInputException when the file is not valid
     */
    public SyncPlan plan(Path file, Consumer<String> changes) {
        return listing(file, changes, true);
    }

    /** @throws BadInputException when the file is not valid; the table is then untouched */
    public SyncPlan apply(Path file) {
        return transaction.execute(status -> sync(file, line -> { }, false));
    }

    /** Applies the sync, and then gives {@code changes} its lines as {@link #plan} does. */
    public SyncPlan apply(Path file, Consumer<String> changes) {
        return listing(file, changes, false);
    }

    private SyncPlan listing(Path file, Consumer<String> changes, boolean dryRun) {
        Objects.requireNonNull(changes, "changes");
        try (LineSpool lines = new LineSpool()) {
            SyncPlan plan = transaction.execute(status -> {
                if (dryRun) {
                    status.setRollbackOnly();
                }
                return sync(file, lines::add, dryRun);
            });
            lines.replay(changes);
            return plan;
        }
    }

    private SyncPlan sync(Path file, Consumer<String> lines, boolean dryRun) {
        OptionalLong applied = appliedFile.entries(subscribersFile.fingerprint(file));
        if (applied.isPresent()) {
            return new SyncPlan(0, 0, 0, applied.getAsLong());
        }
        SyncRun run = new SyncRun(jdbc, subscribersFile, file, lines);
        ReadAhead.Batch batch;
        try (ReadAhead read = new ReadAhead(subscribersFile, file)) {
            do {
                batch = read.next();
                run.apply(batch);
            } while (!batch.last());
        }
        SyncPlan plan = run.finish();
        if (!dryRun) {
            // the fingerprint of the bytes parsed, not of those hashed above: the file may have changed in between
            appliedFile.record(batch.fingerprint(), plan.entries(), run.activeEntries());
        }
        return plan;
    }

    /** The lines of changes, in a temporary file until the transaction is over: there may be as many as entries. */
    private static final class LineSpool implements AutoCloseable {

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

        /** The lines by kind, each kind in the order added: additions (+), changes (~), deactivations (-). */
        void replay(Consumer<String> to) {
            try {
                out.flush();
                for (char kind : new char[] {'+', '~', '-'}) {
                    try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
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
}
