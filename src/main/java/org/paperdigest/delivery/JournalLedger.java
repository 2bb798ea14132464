package org.paperdigest.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

import org.paperdigest.AtomicFile;
import org.paperdigest.BadInputException;

/**
 * What the database must hold, kept beside it: the journal files of runs that have not closed them,
 * and how many outcome commits the database had made (its {@code delivery_seal}). Deleting the journal
 * after a killed run, or putting back an older copy of the database, would otherwise make the next run
 * send again every digest recorded since; with the ledger it is refused, before anything is sent.
 *
 * <p>Append-only between runs, a checksummed line per event (a torn or damaged line is skipped: it can
 * only make the check weaker, never refuse a sound database); each check rewrites it to its current state.
 */
final class JournalLedger {

    private final Path file;
    private final Path journalDir;

    JournalLedger(Path journalDir) {
        this.journalDir = journalDir;
        String name = journalDir.getFileName().toString();
        this.file = journalDir.resolveSibling(name.substring(0, name.length() - ".journal".length()) + ".ledger");
    }

    Path file() {
        return file;
    }

    synchronized void opened(Path journalFile) {
        append("open", journalFile.getFileName().toString());
    }

    synchronized void closed(Path journalFile) {
        append("closed", journalFile.getFileName().toString());
    }

    synchronized void committed(long commits) {
        append("commits", Long.toString(commits));
    }

    /**
     * Refuses a database that is behind the ledger: it made fewer commits than the ledger saw, or a journal
     * file the ledger has open is gone (its outcomes never reached the database).
     */
    synchronized void check(long databaseCommits, Path databaseFile) {
        State state = read();
        String acceptance = "; nothing was sent. Restore " + file.getParent() + " as a whole (the database, the journal "
                + "folder " + journalDir.getFileName() + " and " + file.getFileName() + ") from the latest backup; or, to "
                + "accept that the digests recorded since may be sent again, delete " + file + " and run the command again";
        for (String open : state.open()) {
            if (!Files.exists(journalDir.resolve(open))) {
                throw new BadInputException("the delivery journal file " + journalDir.resolve(open) + " of a run that "
                        + "stopped is missing (deleted after the run was killed?): the outcomes it held never reached the "
                        + "database, so those digests would be sent again" + acceptance);
            }
        }
        if (state.commits() > databaseCommits) {
            throw new BadInputException("the database " + databaseFile + " is behind its delivery ledger " + file
                    + ": it holds " + databaseCommits + " commits of delivery outcomes, the ledger saw " + state.commits()
                    + " (the database file was replaced by an older copy, or lost its last writes), so digests already "
                    + "delivered would be sent again" + acceptance);
        }
    }

    private record State(long commits, Set<String> open) {
    }

    private State read() {
        long commits = 0;
        Set<String> open = new TreeSet<>();
        if (!Files.exists(file)) {
            return new State(0, open);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                String[] f = line.split("\t");
                if (f.length != 3 || !f[2].equals(checksum(f[0] + "\t" + f[1]))) {
                    System.err.println("paper-digest: warning: skipped a damaged line of " + file + ": " + line);
                    continue;
                }
                switch (f[0]) {
                    case "open" -> open.add(f[1]);
                    case "closed" -> open.remove(f[1]);
                    case "commits" -> commits = Math.max(commits, Long.parseLong(f[1]));
                    default -> System.err.println("paper-digest: warning: skipped an unknown line of " + file + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delivery ledger " + file, e);
        }
        return new State(commits, open);
    }

    /** After the check and the replay: no journal file is open, and the database's count is the ledger's. */
    synchronized void startOver(long commits) {
        try {
            AtomicFile.write(file, line("commits", Long.toString(commits)).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery ledger " + file, e);
        }
    }

    private void append(String kind, String value) {
        try {
            Files.writeString(file, line(kind, value), StandardCharsets.ISO_8859_1, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the delivery ledger " + file, e);
        }
    }

    private static String line(String kind, String value) {
        return kind + "\t" + value + "\t" + checksum(kind + "\t" + value) + "\n";
    }

    private static String checksum(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
        return String.format("%08x", crc.getValue());
    }
}
