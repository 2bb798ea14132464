package org.paperdigest.job;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Who holds the {@link SenderLock}, as it wrote in the lock file: one tab-separated line.
 *
 * @param date the issue date it sends, or null when it sends none or has not said yet
 */
public record LockHolder(String command, LocalDate date, long pid, Instant since) {

    static final String STATUS = "status";

    /** Whether it may be running the job of that date: a send or resend-failed of it, or of a date not said yet. */
    boolean mayRun(LocalDate issue) {
        return !command.equals(STATUS) && !command.startsWith("subscribers")
                && (date == null || date.equals(issue));
    }

    @Override
    public String toString() {
        return "'" + command + "'" + (date == null ? "" : " of issue " + date) + " (process " + pid + ", since "
                + DateTimeFormatter.ISO_LOCAL_TIME.format(since.atOffset(ZoneOffset.UTC).toLocalTime()) + " UTC)";
    }

    String line() {
        return command + "\t" + (date == null ? "" : date) + "\t" + pid + "\t" + since + "\n";
    }

    static LockHolder parse(String line) {
        String[] f = line.strip().split("\t", -1);
        if (f.length != 4) {
            return null;
        }
        try {
            return new LockHolder(f[0], f[1].isEmpty() ? null : LocalDate.parse(f[1]), Long.parseLong(f[2]),
                    Instant.parse(f[3]));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
