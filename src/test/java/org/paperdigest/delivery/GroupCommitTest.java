package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void itemsThatArriveDuringACommitAreCommittedTogetherInTheNext() throws Exception {
        CountDownLatch firstCommitHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> commits = new CopyOnWriteArrayList<>();
        GroupCommit<String> group = new GroupCommit<>(items -> {
            commits.add(items);
            if (items.contains("a")) {
                firstCommitHeld.countDown();
                await(release);
            }
        });

        Future<?> a = callers.submit(() -> group.commit("a"));
        await(firstCommitHeld);
        List<Future<?>> others = List.of(callers.submit(() -> group.commit("b")),
                callers.submit(() -> group.commit("c")), callers.submit(() -> group.commit("d")));
        while (group.waiting() < 3) {
            Thread.onSpinWait(); // until b, c and d wait for the commit that holds a
        }
        assertThat(others).noneMatch(Future::isDone);
        release.countDown();
        a.get(10, TimeUnit.SECONDS);
        for (Future<?> other : others) {
            other.get(10, TimeUnit.SECONDS);
        }

        assertThat(commits).hasSize(2);
        assertThat(commits.get(0)).containsExactly("a");
        assertThat(commits.get(1)).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void everyCallerOfAGroupThatFailedToCommitGetsTheFailureAndLaterGroupsStillCommit() throws Exception {
        CountDownLatch firstCommitHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> commits = new CopyOnWriteArrayList<>();
        GroupCommit<String> group = new GroupCommit<>(items -> {
            if (items.contains("a")) {
                firstCommitHeld.countDown();
                await(release);
            }
            if (items.contains("b")) {
                throw new IllegalStateException("the database went away");
            }
            commits.add(items);
        });
        Future<?> a = callers.submit(() -> group.commit("a"));
        await(firstCommitHeld);
        Future<?> b = callers.submit(() -> group.commit("b"));
        Future<?> c = callers.submit(() -> group.commit("c"));
        while (group.waiting() < 2) {
            Thread.onSpinWait();
        }
        release.countDown();

        a.get(10, TimeUnit.SECONDS);
        for (Future<?> failed : List.of(b, c)) {
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the database went away");
        }
        group.commit("e");
        assertThat(commits).containsExactly(List.of("a"), List.of("e"));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
