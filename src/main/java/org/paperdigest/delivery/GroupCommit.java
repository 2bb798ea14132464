package org.paperdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Group commit: callers on several threads each need their record durable before they go on (the
 * next message must not leave before the last one is recorded), but they need not each pay for a
 * commit of their own. Whoever holds the lock commits everything queued so far in one transaction;
 * those who queued meanwhile find their record already committed. One SMTP connection gets no
 * gain; four share about one commit per round of messages.
 */
final class GroupCommit<T> {

    private final Consumer<List<T>> commitAll;
    private final Object committer = new Object();
    private List<Pending<T>> queue = new ArrayList<>();

    GroupCommit(Consumer<List<T>> commitAll) {
        this.commitAll = commitAll;
    }

    private static final class Pending<T> {
        final T item;
        boolean done;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    /** Returns once the item is committed; throws what the commit threw if it was not. */
    void commit(T item) {
        Pending<T> mine = new Pending<>(item);
        synchronized (this) {
            queue.add(mine);
        }
        synchronized (committer) {
            if (!mine.done) {
                List<Pending<T>> batch;
                synchronized (this) {
                    batch = queue;
                    queue = new ArrayList<>();
                }
                RuntimeException failure = null;
                try {
                    commitAll.accept(batch.stream().map(p -> p.item).toList());
                } catch (RuntimeException e) {
                    failure = e;
                }
                for (Pending<T> p : batch) {
                    p.failure = failure;
                    p.done = true;
                }
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }
}
