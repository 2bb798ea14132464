package org.paperdigest.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.paperdigest.AtomicFile;
import org.paperdigest.BadInputException;


/**
 * Writes each message as an RFC 5322 file under {@code outbox/<issue-date>/}, for trying the job
 * without a relay. A file is written whole or not at all (temp file, then an atomic move).
 */
final class OutboxMailer implements Mailer {

    private final Path root;

    OutboxMailer(Path root) {
        this.root = root;
    }

    /**
     * Before a run, and without making anything yet: an outbox that could not be made (a file in its place or above
     * it, a folder that cannot be written) is a setting to fix, not a relay to wait for.
     */
    void requireWritable() {
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String problem = existing == null ? null : !Files.isDirectory(existing) ? existing + " is a file"
                : !Files.isWritable(existing) ? existing + " cannot be written to" : null;
        if (problem != null) {
            throw new BadInputException("digest.outbox: cannot make the folder " + root + " (" + problem + ")");
        }
    }

    @Override
    public Connection connect() {
        return new Connection() {
            @Override
            public boolean eightBitMime() {
                return true;
            }

            @Override
            public boolean smtpUtf8() {
                return true;
            }

            @Override
            public long maxMessageSize() {
                return 0;
            }

            @Override
            public String send(PreparedMessage message, PreparedMessage next) {
                Path file = fileFor(message.digest());
                try {
                    AtomicFile.write(file, message.wire());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
                return "written to " + file;
            }

            @Override
            public void close() {
            }
        };
    }

    /** outbox/2025-07-29/ada@example.org.eml */
    private Path fileFor(Digest digest) {
        String address = digest.subscriber().email().toLowerCase(Locale.ROOT);
        return root.resolve(digest.date().toString()).resolve(address.replaceAll("[^a-z0-9@._+-]", "_") + ".eml");
    }

    @Override
    public String destination(LocalDate date) {
        return root.resolve(date.toString()).toAbsolutePath().normalize().toString();
    }
}
