package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.paperdigest.Sha256;
import org.paperdigest.subscribers.SubscribersFile.Seen;

/**
 * Reads the subscribers file on a thread of its own, a batch of entries ahead of the sync that applies them:
 * parsing is a large part of a sync that adds many subscribers, and the database work (on the caller's thread,
 * which holds the transaction) most of the rest, so on two cores they overlap. At most {@link #AHEAD} batches
 * wait, so the memory stays that of a few batches whatever the file's size.
 *
 * <p>The read stops at the first problem of the file. The entries before it still come first, in a last batch
 * that carries the problem: the sync checks them for addresses that earlier batches had, because such a
 * duplicate comes first in the file and so is the problem to report.
 */
final class ReadAhead implements AutoCloseable {

    static final int AHEAD = 2;

    /**
     * Entries in file order, with their addresses; the last batch of a read has the {@link #fingerprint} of the
     * file or the {@link #problem} that stopped it.
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

    /** The next batch, waiting for it if need be. */
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
        List<SubscriberEntry> entries = new ArrayList<>(batchSize);
        Map<String, Seen> emails = new LinkedHashMap<>();
        Object last;
        var sha256 = Sha256.newDigest();
        try (EntryReader read = subscribersFile.open(file, sha256)) {
            for (SubscriberEntry entry = read.next(); entry != null; entry = read.next()) {
                Seen seen = new Seen(read.number(), entry.line(), entry.email());
                Seen first = emails.putIfAbsent(entry.emailKey(), seen); // one of an earlier batch: the sync finds it
                if (first != null) {
                    throw SubscribersFile.duplicate(file.toString(), seen, first);
                }
                entries.add(entry);
                if (entries.size() == batchSize) {
                    if (!hand(new Batch(entries, emails, null, null))) {
                        return;
                    }
                    entries = new ArrayList<>(batchSize);
                    emails = new LinkedHashMap<>();
                }
            }
            last = new Batch(entries, emails, subscribersFile.fingerprint(sha256), null);
        } catch (RuntimeException e) {
            last = new Batch(entries, emails, null, e);
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
}
