package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.paperdigest.subscribers.SubscribersFile.Seen;

/**
 * Reads the subscribers file on a thread of its own, a batch of entries ahead of the sync that applies
 * them: parsing YAML is about a third of a sync that adds many subscribers, and the database work (on the
 * caller's thread, which holds the transaction) is most of the rest, so on two cores they overlap. At
 * most {@link #AHEAD} batches wait, so the memory stays that of a few batches whatever the file's size.
 *
 * <p>The read stops at the first problem of the file. The entries before it still come first, in a last
 * batch that carries the problem: the sync checks them for addresses that earlier batches had, because
 * such a duplicate comes first in the file and so is the problem to report.
 */
final class ReadAhead implements AutoCloseable {

    static final int AHEAD = 2;

    /**
     * Entries in file order, with their addresses (see {@link SubscribersFile.Entries#firstWith}); the last
     * batch of a read has the {@link #fingerprint} of the file or the {@link #problem} that stopped it.
     */
    record Batch(List<SubscriberEntry> entries, Map<String, Seen> emails, String fingerprint,
            RuntimeException problem) {

        boolean last() {
            return fingerprint != null || problem != null;
        }
    }

    private final BlockingQueue<Object> batches = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private boolean done;

    private ReadAhead(SubscribersFile subscribersFile, Path file, int batchSize) {
        reader = new Thread(() -> read(subscribersFile, file, batchSize), "subscribers-file-reader");
        reader.setDaemon(true);
    }

    /** Starts reading {@code file}, {@code batchSize} entries a batch. */
    static ReadAhead start(SubscribersFile subscribersFile, Path file, int batchSize) {
        ReadAhead readAhead = new ReadAhead(subscribersFile, file, batchSize);
        readAhead.reader.start();
        return readAhead;
    }

    /**
     * The next batch, waiting for it if need be.
     *
     * @throws IllegalStateException after the last batch
     */
    Batch next() {
        if (done) {
            throw new IllegalStateException("the last batch was taken already");
        }
        Object next;
        try {
            next = batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the subscribers file was read", e);
        }
        if (next instanceof Error error) { // not the file's fault: an out-of-memory, say
            throw error;
        }
        Batch batch = (Batch) next;
        done = batch.last();
        return batch;
    }

    /** Stops the read if it is still going (the sync failed), and waits for its thread to end. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(SubscribersFile subscribersFile, Path file, int batchSize) {
        Batcher batcher = new Batcher(batchSize);
        Object last;
        try {
            String fingerprint = subscribersFile.fingerprintedForEach(file, batcher);
            last = batcher.take(fingerprint, null);
        } catch (RuntimeException e) {
            last = batcher.take(null, e);
        } catch (Error e) {
            last = e;
        }
        if (!closed) { // else the sync has stopped, and the problem of the read (it was stopped) is no news
            hand(last);
        }
    }

    /** @return false when the sync has stopped, and so must the read */
    private boolean hand(Object batch) {
        try {
            batches.put(batch);
            return !closed;
        } catch (InterruptedException e) {
            return false; // by close(): nobody takes batches any more
        }
    }

    /** Gathers the read's entries into batches, on the reader's thread. */
    private final class Batcher implements SubscribersFile.Entries {

        private final int size;
        private List<SubscriberEntry> entries;
        private Map<String, Seen> emails;

        Batcher(int size) {
            this.size = size;
            fresh();
        }

        @Override
        public Seen firstWith(String emailKey, Seen seen) {
            // a duplicate within the batch is found here; one of an earlier batch, by the sync
            return emails.putIfAbsent(emailKey, seen);
        }

        @Override
        public boolean accept(SubscriberEntry entry) {
            entries.add(entry);
            if (entries.size() < size) {
                return true;
            }
            Batch full = take(null, null);
            return hand(full);
        }

        Batch take(String fingerprint, RuntimeException problem) {
            Batch batch = new Batch(entries, emails, fingerprint, problem);
            fresh();
            return batch;
        }

        private void fresh() {
            entries = new ArrayList<>(size);
            emails = new LinkedHashMap<>();
        }
    }
}
