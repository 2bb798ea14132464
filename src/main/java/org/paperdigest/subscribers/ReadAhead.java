package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.paperdigest.Sha256;
import org.paperdigest.subscribers.SubscriberTable.Row;

/**
 * Reads the subscribers file a batch ahead of the sync, on a thread of its own: parsing and the database work (on the
 * caller's thread, which holds the transaction) then overlap on two cores, in the memory of two batches.
 */
final class ReadAhead implements AutoCloseable {

    /** An entry and its row, whose lists EntryReader wrote as JSON for its length check: the sync stores those. */
    record Entry(SubscriberEntry entry, Row row) {
    }

    /** Entries in file order, the first numbered {@code first}; the last batch has the fingerprint or problem. */
    record Batch(List<Entry> entries, int first, String fingerprint, RuntimeException problem) {

        boolean last() {
            return fingerprint != null || problem != null;
        }
    }

    private final SubscribersFile subscribersFile;
    private final Path file;
    private final MessageDigest sha256 = Sha256.newDigest();
    /** Opened by the first read; used by one thread at a time, each started once the batch before was taken. */
    private EntryReader reader;
    private Thread thread;
    private CompletableFuture<Batch> next;

    ReadAhead(SubscribersFile subscribersFile, Path file) {
        this.subscribersFile = subscribersFile;
        this.file = file;
        this.next = CompletableFuture.supplyAsync(this::read, this::start);
    }

    /** The next batch; the one after it is read meanwhile. */
    Batch next() {
        Batch batch = next.join(); // read() makes any exception the batch's problem: join() fails on errors alone
        if (!batch.last()) {
            next = CompletableFuture.supplyAsync(this::read, this::start);
        }
        return batch;
    }

    private void start(Runnable read) {
        thread = new Thread(read, "subscribers-file-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private Batch read() {
        List<Entry> entries = new ArrayList<>(SubscriberTable.BATCH_SIZE);
        int first = reader == null ? 1 : reader.number() + 1;
        try {
            if (reader == null) {
                reader = subscribersFile.open(file, sha256);
            }
            while (entries.size() < SubscriberTable.BATCH_SIZE) {
                SubscriberEntry entry = reader.next();
                if (entry == null) {
                    return new Batch(entries, first, subscribersFile.fingerprint(sha256), null);
                }
                entries.add(new Entry(entry, reader.row()));
            }
            return new Batch(entries, first, null, null);
        } catch (RuntimeException e) {
            return new Batch(entries, first, null, e);
        }
    }

    /** Waits for a read still going (the sync failed). */
    @Override
    public void close() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader != null) {
            reader.close();
        }
    }
}
