package org.paperdigest.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (a tmpfs, mounted by root) that a test can fill, for what a process does
 * when the disk is full. Mounting needs root, which CI has: a test that cannot mount one fails, it is never
 * skipped, so a full disk is always tested.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code mountPoint} (created if need be). */
    public static SmallDisk mount(Path mountPoint, int megabytes) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString());
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Bytes still free for an ordinary process. */
    public long free() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes all the free space but {@code leftBytes} with one file (tmpfs allocates what is written). */
    public void fillLeaving(long leftBytes) {
        filler = mountPoint.resolve("filler.bin");
        long size = free() - leftBytes;
        byte[] block = new byte[64 * 1024];
        try (RandomAccessFile file = new RandomAccessFile(filler.toFile(), "rw")) {
            for (long written = 0; written < size; written += block.length) {
                file.write(block, 0, (int) Math.min(block.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fill " + mountPoint, e);
        }
    }

    /** Frees what {@link #fillLeaving} took, as an operator deleting old files would. */
    public void freeSpace() {
        try {
            if (filler != null) {
                Files.deleteIfExists(filler);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // Lazy: a child process that still has a file open must not keep the mount alive after the test.
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + output + "; this test needs root to mount a small tmpfs (CI runs as root)");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }
}
