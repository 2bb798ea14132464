package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.paperdigest.subscribers.SubscriberTable.Row;
import org.paperdigest.subscribers.SubscribersFile.Seen;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One sync, inside its transaction: applies the file's entries a batch at a time, as {@link ReadAhead} reads them,
 * with one query, one insert and one batch of updates each; an unchanged entry costs no write. The rows the file has
 * are one bit per row id, to deactivate the others at the end and to find an address given twice: the memory is that
 * of a batch plus an eighth of a byte per row. A staging table would cost about as much as adding everyone anew.
 */
final class SyncRun {

    private final SubscriberTable table;
    private final SubscribersFile subscribersFile;
    private final Path file;
    private final Consumer<String> lines;
    private final UnknownExamples unknownExamples;
    /** The ids of the rows the file has, found or added so far. */
    private final BitSet inFile = new BitSet();
    /** Rows active when the sync began, and how many of them the file has: if all, none is deactivated. */
    private final long activeBefore;
    private long activeFound;
    private long activeEntries;
    private long added;
    private long changed;
    private long unchanged;
    private long deactivated;

    SyncRun(JdbcTemplate jdbc, SubscribersFile subscribersFile, Path file, Consumer<String> lines) {
        this.table = new SubscriberTable(jdbc, OffsetDateTime.now(ZoneOffset.UTC));
        this.subscribersFile = subscribersFile;
        this.file = file;
        this.lines = lines;
        this.unknownExamples = new UnknownExamples(jdbc, file.toString(), System.err::println);
        this.activeBefore = table.activeRows();
    }

    /** Adds the new entries, updates the changed ones; throws an address given before, or the batch's problem. */
    void apply(ReadAhead.Batch batch) {
        Map<String, Row> rows = table.rowsOf(batch.entries().stream().map(read -> read.entry().emailKey()).toArray());
        checkDuplicates(batch, rows);
        if (batch.problem() != null) {
            throw batch.problem(); // after the entries before it, which may repeat an address further up
        }
        List<Row> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (ReadAhead.Entry read : batch.entries()) {
            SubscriberEntry entry = read.entry();
            Row row = read.row();
            if (entry.active()) {
                activeEntries++;
                unknownExamples.check(entry);
            }
            Row stored = rows.get(entry.emailKey());
            if (stored == null) {
                inserts.add(row);
                lines.accept("+ " + entry.email() + (entry.active() ? "" : " (inactive)") + smtpUtf8(entry.email()));
                continue;
            }
            inFile.set(bit(stored.id()));
            activeFound += stored.active() ? 1 : 0;
            List<String> keys = row.changedFrom(stored);
            if (keys.isEmpty()) {
                unchanged++;
            } else {
                updates.add(table.updateOf(row, stored.id()));
                lines.accept("~ " + entry.email() + " (" + String.join(", ", keys) + ")" + smtpUtf8(entry.email()));
            }
        }
        table.insert(inserts, id -> inFile.set(bit(id)));
        table.update(updates);
        added += inserts.size();
        changed += updates.size();
    }

    private void checkDuplicates(ReadAhead.Batch batch, Map<String, Row> rows) {
        Map<String, Integer> inBatch = new HashMap<>();
        for (int i = 0; i < batch.entries().size(); i++) {
            String key = batch.entries().get(i).entry().emailKey();
            Integer first = inBatch.putIfAbsent(key, i);
            Row row = rows.get(key);
            if (first != null || row != null && inFile.get(bit(row.id()))) {
                // an earlier batch's entry is found again in the file: holding every entry would take memory
                Seen earlier = first != null ? seen(batch, first) : subscribersFile.locate(file, key);
                throw SubscribersFile.duplicate(file, seen(batch, i), earlier);
            }
        }
    }

    private static Seen seen(ReadAhead.Batch batch, int index) {
        return new Seen(batch.first() + index, batch.entries().get(index).entry());
    }

    /** Deactivates the rows the file does not have, once all its entries are applied. */
    SyncPlan finish() {
        if (activeFound < activeBefore) { // else every row that was active is in the file
            deactivateTheRest();
        }
        return new SyncPlan(added, changed, deactivated, unchanged);
    }

    private void deactivateTheRest() {
        for (String after = ""; after != null; ) {
            List<SubscriberTable.Active> page = table.activeAfter(after);
            List<Long> gone = new ArrayList<>();
            for (SubscriberTable.Active row : page) {
                if (!inFile.get(bit(row.id()))) {
                    gone.add(row.id());
                    lines.accept("- " + row.email() + " (deactivated)");
                }
            }
            table.deactivate(gone);
            deactivated += gone.size();
            after = page.size() < SubscriberTable.BATCH_SIZE ? null : page.get(page.size() - 1).emailKey();
        }
    }

    /** Once all are applied, the number of active rows. */
    long activeEntries() {
        return activeEntries;
    }

    /** Marks an address only a relay offering SMTPUTF8 takes: a local part beyond ASCII (a domain goes in punycode). */
    private static String smtpUtf8(String email) {
        String local = email.substring(0, Math.max(0, email.lastIndexOf('@')));
        return local.chars().allMatch(c -> c < 0x80) ? "" : " (needs a relay that offers SMTPUTF8)";
    }

    private static int bit(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new IllegalStateException("subscriber id " + id + " is beyond what a sync can track");
        }
        return (int) id;
    }
}
