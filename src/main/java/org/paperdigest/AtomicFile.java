package org.paperdigest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written as a whole: a reader (a metrics collector, a mail pickup, the next run) finds the old content or the
 * new, never a part. The content goes to a hidden temp file in the same folder, renamed over the file at once.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // hidden, and not ending in .eml or .prom: nothing that picks up those files takes it half-written
        Path temp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }
}
