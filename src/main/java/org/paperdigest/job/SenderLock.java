package org.paperdigest.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.paperdigest.BadInputException;
import org.paperdigest.H2FileUrl;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One process at a time changes the database: an OS lock ({@link FileChannel#tryLock}) on
 * {@code data/paper-digest.lock}, held by a send for its whole process and by every other command that writes.
 * H2's own file lock used to give this, but with AUTO_SERVER a second process may open the database (a
 * {@code status} during a send), so this lock is what says who may write, and whether a run left STARTED is
 * still running: the OS drops the lock of a process that dies. The holder writes who it is into the file.
 */
@Component
public class SenderLock {

    /** Locks this JVM holds, by file: closing any channel of a locked file would drop the JVM's lock on it. */
    private static final Map<Path, Held> HELD_HERE = new HashMap<>();
    /** How long to wait out a {@code status} that holds the lock while it replays the journal. */
    private static final long WAIT_MILLIS = 30_000;

    private final Path file;

    @Autowired
    SenderLock(Environment environment) {
        this(fileFor(environment));
    }

    public SenderLock(Path file) {
        this.file = file;
    }

    /** {@code data/paper-digest.lock} beside an H2 file database; under the home for any other database. */
    public static Path fileFor(Environment environment) {
        H2FileUrl url = H2FileUrl.parse(environment.getProperty("spring.datasource.url"));
        return url != null ? url.beside(".lock")
                : Path.of(environment.getProperty("digest.home", ".")).resolve("data/paper-digest.lock")
                        .toAbsolutePath().normalize();
    }

    /** The process that holds the lock, this one included; empty when none does. */
    public Optional<LockHolder> holder() {
        synchronized (HELD_HERE) {
            Held here = HELD_HERE.get(file);
            if (here != null) {
                return Optional.of(here.holder);
            }
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            // A shared lock: it needs only read access, and any holder's exclusive one keeps it off.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                if (probe != null) {
                    probe.release();
                    return Optional.empty();
                }
                return Optional.of(otherHolder().orElse(new LockHolder("another paper-digest process", null, 0,
                        Instant.now())));
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the lock " + file, e);
            }
        }
    }

    /**
     * Takes the lock for {@code command}, until the returned hold is closed; taken again in the same process it
     * only says the date. A {@code status} holding it is waited out; any other holder refuses the command with
     * exit 2: two writers would each think the other's run dead.
     */
    public Held acquire(String command, LocalDate date) {
        synchronized (HELD_HERE) {
            Held here = HELD_HERE.get(file);
            if (here != null) {
                here.holds++;
                if (date != null) {
                    here.write(new LockHolder(here.holder.command(), date, here.holder.pid(), here.holder.since()));
                }
                return here;
            }
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (true) {
                Held held = tryTake(command, date);
                if (held != null) {
                    return held;
                }
                Optional<LockHolder> other = otherHolder();
                if (other.isPresent() && !other.get().command().equals(LockHolder.STATUS)
                        || System.currentTimeMillis() > deadline) {
                    throw new BadInputException("'" + command + "' is refused while "
                            + other.map(LockHolder::toString).orElse("another paper-digest process") + " changes the "
                            + "database (" + file + " is locked); wait for it to end ('status' shows a send's "
                            + "progress), then run '" + command + "' again");
                }
                pause();
            }
        }
    }

    /** Takes the lock if no process holds it, this one included: for {@code status}, which otherwise only reads. */
    public Optional<Held> tryAcquire(String command) {
        synchronized (HELD_HERE) {
            return HELD_HERE.containsKey(file) ? Optional.empty() : Optional.ofNullable(tryTake(command, null));
        }
    }

    private Held tryTake(String command, LocalDate date) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            Held held = new Held(channel, lock);
            held.write(new LockHolder(command, date, ProcessHandle.current().pid(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            HELD_HERE.put(file, held);
            return held;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** The holder as the file says; only while this JVM holds no lock on it, which closing a reader would drop. */
    private Optional<LockHolder> otherHolder() {
        try {
            return Optional.ofNullable(LockHolder.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock", e);
        }
    }

    /** The lock while this process holds it; the last close releases it. */
    public final class Held implements AutoCloseable {

        private final FileChannel channel;
        private final FileLock lock;
        private LockHolder holder;
        private int holds = 1;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        private void write(LockHolder who) {
            holder = who;
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(who.line().getBytes(StandardCharsets.UTF_8)), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        @Override
        public void close() {
            synchronized (HELD_HERE) {
                if (--holds > 0) {
                    return;
                }
                HELD_HERE.remove(file);
                try (channel) {
                    channel.truncate(0); // a holder that is gone says nothing
                    lock.release();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + file, e);
                }
            }
        }
    }
}
