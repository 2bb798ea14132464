package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock in one process: who holds it, taken again by the same process, and nothing said once released. */
class SenderLockTest {

    @TempDir
    Path dir;

    @Test
    void theHolderSaysWhoItIsUntilTheLastHoldIsReleased() throws Exception {
        Path file = dir.resolve("data/paper-digest.lock");
        SenderLock lock = new SenderLock(file);
        assertThat(lock.holder()).isEmpty();

        LocalDate date = LocalDate.of(2025, 7, 29);
        try (SenderLock.Held outer = lock.acquire("send", null)) {
            assertThat(lock.holder()).get().satisfies(holder -> {
                assertThat(holder.command()).isEqualTo("send");
                assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(holder.mayRun(date)).as("a send that has not said its date yet").isTrue();
            });
            try (SenderLock.Held inner = new SenderLock(file).acquire("send", date)) {
                assertThat(lock.holder().get().date()).isEqualTo(date);
                assertThat(lock.holder().get().mayRun(date.plusDays(1))).isFalse();
                assertThat(Files.readString(file)).startsWith("send\t2025-07-29\t");
            }
            assertThat(lock.holder()).as("still held by the outer hold").isPresent();
            assertThat(lock.tryAcquire("status")).as("status only reads while a send holds it").isEmpty();
        }

        assertThat(lock.holder()).isEmpty();
        assertThat(Files.readString(file)).isEmpty();
        Optional<SenderLock.Held> status = lock.tryAcquire("status");
        assertThat(status).isPresent();
        assertThat(lock.holder().get().mayRun(date)).as("status runs no job").isFalse();
        status.get().close();
        assertThat(lock.holder()).isEmpty();
    }
}
