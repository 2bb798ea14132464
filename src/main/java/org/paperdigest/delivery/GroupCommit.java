package org.paperdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Commits items in groups, each caller returning once the group that holds its item is committed: the items
 * that arrive while one commit runs go together in the next one, committed by the first of their callers
 * (no thread of its own). Without the journal (PostgreSQL) every outcome must be durable before its
 * connection sends the next message; a group commit makes that one transaction for the outcomes of all the
 * process's connections at that moment, instead of one each.
 */
final class GroupCommit<T> {

    private final Consumer<List<T>> commit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private Group<T> filling = new Group<>();
    private boolean committing;

    GroupCommit(Consumer<List<T>> commit) {
        this.commit = commit;
    }

    /**
     * Returns once the item is committed.
     *
     * @throws RuntimeException what the commit of its group threw: none of that group's items is committed
     */
    void commit(T item) {
        Group<T> mine;
        lock.lock();
        try {
            mine = filling;
            mine.items.add(item);
            while (!mine.done) {
                if (committing) {
                    committed.awaitUninterruptibly();
                } else {
                    commitFilling();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Items waiting for the next commit: for tests, which make groups by holding a commit. */
    int waiting() {
        lock.lock();
        try {
            return filling.items.size();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: commits the group being filled, without the lock while the commit runs. */
    private void commitFilling() {
        Group<T> group = filling;
        filling = new Group<>();
        committing = true;
        lock.unlock();
        try {
            commit.accept(List.copyOf(group.items));
        } catch (RuntimeException e) {
            group.failure = e;
        } finally {
            lock.lock();
            group.done = true;
            committing = false;
            committed.signalAll();
        }
    }

    private static final class Group<T> {
        final List<T> items = new ArrayList<>();
        boolean done;
        RuntimeException failure;
    }
}
