package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
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
 * Makes table {@code subscriber} match the subscribers file. Rows are matched by the lower-cased
 * address; they are never deleted (deliveries refer to them), only deactivated, and a row keeps
 * its unsubscribe token for life.
 *
 * <p>The file is read entry by entry and applied a batch at a time (see {@link SyncRun}), in the
 * same memory whatever the number of subscribers, all in one transaction: a problem of the file,
 * even in its last entry, rolls everything back, so a sync is all or nothing.
 *
 * <p>The changes can be listed, one line each ({@code + email}, {@code ~ email (fields)},
 * {@code - email (deactivated)}; see {@link SyncPlan}): additions in file order, then changes in
 * file order, then deactivations by address. They are kept in a temporary file until the
 * transaction is over, since there may be as many as subscribers.
 *
 * <p>A file that is byte for byte the one the last sync applied (same {@link SubscribersFile#fingerprint},
 * see {@link AppliedFile}) is not parsed: every entry is unchanged, and nothing is written. That is the daily
 * case, and parsing 100,000 entries takes seconds; hashing them, a fraction of a second.
 */
@Component
public class SubscriberSync {

    private static final int TOKEN_BYTES = 16; // 128 bits

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SubscribersFile subscribersFile;
    private final AppliedFile appliedFile;
    private final SecureRandom random = new SecureRandom();

    public SubscriberSync(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            SubscribersFile subscribersFile) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transaction = new TransactionTemplate(transactionManager);
        this.subscribersFile = Objects.requireNonNull(subscribersFile, "subscribersFile");
        this.appliedFile = new AppliedFile(JdbcClient.create(jdbc));
    }

    /**
     * What {@link #apply} would do now; writes nothing: the sync runs and its transaction is rolled
     * back (so call it outside any other transaction). The file the last sync applied is not read: all its
     * entries are unchanged.
     *
     * @param changes gets one line per change, once the transaction is rolled back
     * @throws BadInputException when the file is not valid
     */
    public SyncPlan plan(Path file, Consumer<String> changes) {
        return listing(file, changes, true);
    }

    /**
     * Applies the sync in one transaction, and records the file as applied in it. The file the last sync
     * applied is not parsed again, and nothing is written.
     *
     * @throws BadInputException when the file is not valid; the table is then untouched
     */
    public SyncPlan apply(Path file) {
        return transaction.execute(status -> sync(file, SyncRun.Lines.NONE, false));
    }

    /**
     * Applies the sync in one transaction, as {@link #apply(Path)} does, and then lists what it did.
     *
     * @param changes gets one line per change, once they are committed
     * @throws BadInputException when the file is not valid; the table is then untouched
     */
    public SyncPlan apply(Path file, Consumer<String> changes) {
        return listing(file, changes, false);
    }

    private SyncPlan listing(Path file, Consumer<String> changes, boolean dryRun) {
        Objects.requireNonNull(changes, "changes");
        try (LineSpool added = LineSpool.create();
                LineSpool changed = LineSpool.create();
                LineSpool deactivated = LineSpool.create()) {
            SyncPlan plan = transaction.execute(status -> {
                SyncPlan done = sync(file, new SyncRun.Lines(added::add, changed::add, deactivated::add), dryRun);
                if (dryRun) {
                    status.setRollbackOnly();
                }
                return done;
            });
            added.replay(changes);
            changed.replay(changes);
            deactivated.replay(changes);
            return plan;
        }
    }

    /** @param dryRun true when the transaction is rolled back: the file is then not recorded as applied */
    private SyncPlan sync(Path file, SyncRun.Lines lines, boolean dryRun) {
        OptionalLong applied = appliedFile.entries(subscribersFile.fingerprint(file));
        if (applied.isPresent()) {
            return new SyncPlan(0, 0, 0, applied.getAsLong());
        }
        SyncRun run = new SyncRun(jdbc, subscribersFile, file, this::newToken, lines);
        ReadAhead.Batch batch;
        try (ReadAhead read = ReadAhead.start(subscribersFile, file, SyncRun.BATCH_SIZE)) {
            do {
                batch = read.next();
                if (batch.problem() != null) {
                    run.checkDuplicates(batch); // a duplicate further up the file is its first problem
                    throw batch.problem();
                }
                run.apply(batch);
            } while (!batch.last());
        }
        SyncPlan plan = run.finish();
        String fingerprint = batch.fingerprint();
        if (!dryRun) {
            // the fingerprint of the bytes parsed, not of those hashed above: the file may have changed in between
            appliedFile.record(fingerprint, plan.entries(), run.activeEntries());
        }
        return plan;
    }

    /**
     * The time in milliseconds as 12 hex digits, then 128 random bits in base64url without padding:
     * unguessable and safe in a URL. The time comes first so that a sync's new tokens ascend, as its new
     * ids do: their unique index then grows at its end instead of at random places, whose pages H2 would
     * write again at every store. With random tokens, a first sync of 100,000 subscribers wrote a
     * 184 MB file for 22 MB of data, and took about 2 s longer.
     */
    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().toHexDigits(System.currentTimeMillis()).substring(4)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
