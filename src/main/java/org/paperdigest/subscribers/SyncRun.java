package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.paperdigest.subscribers.SubscriberTable.Write;
import org.paperdigest.subscribers.SubscribersFile.Seen;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One sync, inside its transaction: applies the entries of the file a batch at a time, as {@link ReadAhead}
 * reads them. A batch costs one query (the rows with the batch's addresses), one insert of its new
 * subscribers and batched updates of what differs; an unchanged entry costs no write. Which rows the file
 * has is kept as one bit per row id, to deactivate the others at the end and to find an address given twice,
 * so the sync needs the memory of one batch plus an eighth of a byte per row, whatever the number of
 * subscribers. A staging table of the file would cost an insert, a delete and their commit per entry
 * on every sync, about as much as adding every subscriber anew.
 */
final class SyncRun {

    static final int BATCH_SIZE = SubscriberTable.BATCH_SIZE;

    /** Where the lines of a sync go, one consumer per kind, so that they can be told in kind order. */
    record Lines(Consumer<String> added, Consumer<String> changed, Consumer<String> deactivated) {

        static final Lines NONE = new Lines(line -> { }, line -> { }, line -> { });
    }

    private final SubscriberTable table;
    private final SubscribersFile subscribersFile;
    private final Path file;
    private final Supplier<String> tokens;
    private final Lines lines;
    private final UnknownExamples unknownExamples;

    /** The ids of the rows the file has, found or added so far. */
    private final BitSet inFile = new BitSet();
    /** Rows that were active when the sync began, and how many of them the file has: if all, none is deactivated. */
    private final long activeBefore;
    private long activeFound;
    /** Entries of the file that are active: after the sync, the active rows. */
    private long activeEntries;
    private long added;
    private long changed;
    private long unchanged;
    private long deactivated;

    /** @param tokens a new unsubscribe token, for each subscriber added */
    SyncRun(JdbcTemplate jdbc, SubscribersFile subscribersFile, Path file, Supplier<String> tokens, Lines lines) {
        this.table = new SubscriberTable(jdbc, OffsetDateTime.now(ZoneOffset.UTC));
        this.subscribersFile = subscribersFile;
        this.file = file;
        this.tokens = tokens;
        this.lines = lines;
        this.unknownExamples = new UnknownExamples(jdbc, file.toString(), System.err::println);
        this.activeBefore = table.activeRows();
    }

    /**
     * Applies a batch of entries read from the file: adds the new ones, updates the changed ones.
     *
     * @throws org.paperdigest.BadInputException for an address an earlier batch had, naming both entries
     */
    void apply(ReadAhead.Batch batch) {
        if (batch.emails().isEmpty()) {
            return;
        }
        Map<String, SubscriberRow> rows = table.rowsOf(batch.emails().keySet().toArray());
        checkDuplicates(batch.emails(), rows);
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        for (SubscriberEntry entry : batch.entries()) {
            if (entry.active()) {
                activeEntries++;
                unknownExamples.check(entry);
            }
            Write write = new Write(entry, JsonLists.write(entry.interests()), JsonLists.write(entry.exclude()),
                    JsonLists.write(entry.like()));
            SubscriberRow row = rows.get(entry.emailKey());
            if (row == null) {
                inserts.add(write);
                lines.added().accept(SyncPlan.addedLine(entry.email(), entry.active()));
                continue;
            }
            inFile.set(bit(row.id()));
            if (row.active()) {
                activeFound++;
            }
            List<String> fields = row.changedFields(write);
            if (fields.isEmpty()) {
                unchanged++;
            } else {
                updates.add(write.of(row.id()));
                lines.changed().accept(SyncPlan.changedLine(entry.email(), fields));
            }
        }
        table.insert(inserts, tokens, id -> inFile.set(bit(id)));
        table.update(updates);
        added += inserts.size();
        changed += updates.size();
    }

    /**
     * Deactivates the rows the file does not have, once all its entries are applied.
     *
     * @return what the sync did
     */
    SyncPlan finish() {
        if (activeFound < activeBefore) { // else every row that was active is in the file
            deactivateTheRest();
        }
        return new SyncPlan(added, changed, deactivated, unchanged);
    }

    /** The file's active entries applied so far: once all are, the number of active rows. */
    long activeEntries() {
        return activeEntries;
    }

    /**
     * Throws for the first address of the batch that an earlier batch had: call it for the entries read
     * before a problem of the file, which comes after them.
     *
     * @throws org.paperdigest.BadInputException naming both entries
     */
    void checkDuplicates(ReadAhead.Batch batch) {
        if (!batch.emails().isEmpty()) {
            checkDuplicates(batch.emails(), table.rowsOf(batch.emails().keySet().toArray()));
        }
    }

    /** @param emails in file order, so that the first duplicate is the one reported */
    private void checkDuplicates(Map<String, Seen> emails, Map<String, SubscriberRow> rows) {
        for (Map.Entry<String, Seen> email : emails.entrySet()) {
            SubscriberRow row = rows.get(email.getKey());
            if (row != null && inFile.get(bit(row.id()))) {
                // where it came first is read again from the file: holding it for every entry would take memory
                Seen first = subscribersFile.locate(file, email.getKey());
                throw SubscribersFile.duplicate(file.toString(), email.getValue(), first);
            }
        }
    }

    /** Active rows whose address the file no longer has, in address order, a page at a time. */
    private void deactivateTheRest() {
        String after = "";
        while (true) {
            List<SubscriberTable.Active> page = table.activeAfter(after);
            List<Long> gone = new ArrayList<>();
            for (SubscriberTable.Active row : page) {
                if (!inFile.get(bit(row.id()))) {
                    gone.add(row.id());
                    lines.deactivated().accept(SyncPlan.deactivatedLine(row.email()));
                }
            }
            table.deactivate(gone);
            deactivated += gone.size();
            if (page.size() < BATCH_SIZE) {
                return;
            }
            after = page.get(page.size() - 1).emailKey();
        }
    }

    private static int bit(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new IllegalStateException("subscriber id " + id + " is beyond what a sync can track");
        }
        return (int) id;
    }


}
