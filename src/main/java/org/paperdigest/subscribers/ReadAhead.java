package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.paperdigest.Sha256;
import org.paperdigest.subscribers.SubscriberTable.Row;

/**
 * Reads the subscribers file ahead of the sync in two stages, each on a thread of its own: one parses a batch of
 * entries while the other binds and validates the batch before it, and the caller's thread, which holds the
 * transaction, writes the one before that. Parsing alone took longer than the database work, so the stages overlap
 * on two cores, in the memory of three batches.
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

    /** A batch as parsed, not yet checked. */
    private record Parsed(List<EntryReader.Parsed> entries, int first, String fingerprint, RuntimeException problem) {
    }

    private final SubscribersFile subscribersFile;
    private final Path file;
    private final MessageDigest sha256 = Sha256.newDigest();
    private final ExecutorService parsing = thread("subscribers-file-reader");
    private final ExecutorService checking = thread("subscribers-file-checker");
    /** The batches asked for, in file order: two ahead of the one the caller writes. */
    private final Deque<CompletableFuture<Batch>> ahead = new ArrayDeque<>();
    /** Opened by the first parse; the parsing thread's, but for the checks, which use none of its parser state. */
    private EntryReader reader;
    private boolean parsedAll;

    ReadAhead(SubscribersFile subscribersFile, Path file) {
        this.subscribersFile = subscribersFile;
        this.file = file;
        ahead.add(read());
        ahead.add(read());
    }

    /** The next batch; the two after it are read meanwhile. */
    Batch next() {
        Batch batch = ahead.remove().join(); // a problem is the batch's: join() fails on errors alone
        if (!batch.last()) {
            ahead.add(read());
        }
        return batch;
    }

    /** Each stage's thread takes its batches in the order asked, so the batches stay in file order. */
    private CompletableFuture<Batch> read() {
        return CompletableFuture.supplyAsync(this::parse, parsing).thenApplyAsync(this::check, checking);
    }

    /** The next batch as parsed; null once the last was. */
    private Parsed parse() {
        if (parsedAll) {
            return null;
        }
        List<EntryReader.Parsed> entries = new ArrayList<>(SubscriberTable.BATCH_SIZE);
        int first = reader == null ? 1 : reader.number() + 1;
        try {
            if (reader == null) {
                reader = subscribersFile.open(file, sha256);
            }
            while (entries.size() < SubscriberTable.BATCH_SIZE) {
                EntryReader.Parsed entry = reader.parse();
                if (entry == null) {
                    parsedAll = true;
                    return new Parsed(entries, first, subscribersFile.fingerprint(sha256), null);
                }
                entries.add(entry);
            }
            return new Parsed(entries, first, null, null);
        } catch (RuntimeException e) {
            parsedAll = true;
            return new Parsed(entries, first, null, e);
        }
    }

    /** The batch's entries checked, up to the first that is not valid: its problem comes before any further on. */
    private Batch check(Parsed parsed) {
        if (parsed == null) {
            return null;
        }
        List<Entry> entries = new ArrayList<>(parsed.entries().size());
        try {
            for (EntryReader.Parsed entry : parsed.entries()) {
                entries.add(reader.check(entry));
            }
        } catch (RuntimeException e) {
            return new Batch(entries, parsed.first(), null, e);
        }
        return new Batch(entries, parsed.first(), parsed.fingerprint(), parsed.problem());
    }

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for the reads still going (the sync failed, or stopped at the last batch). */
    @Override
    public void close() {
        parsing.shutdown();
        checking.shutdown();
        try {
            parsing.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            checking.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader != null) {
            reader.close();
        }
    }
}
