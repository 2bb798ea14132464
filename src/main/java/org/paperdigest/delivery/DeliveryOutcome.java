package org.paperdigest.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/** What happened to one digest, as the delivery record and the journal keep it. */
public record DeliveryOutcome(LocalDate date, long subscriberId, String email, String messageId,
        DeliveryStatus status, String reply, int attempts, OffsetDateTime at) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static DeliveryOutcome of(Digest digest, String messageId, DeliveryStatus status, String reply, int attempts) {
        String oneLine = reply == null ? null : WHITESPACE.matcher(reply).replaceAll(" ").strip();
        String lastReply = oneLine == null || oneLine.length() <= 1000 ? oneLine : oneLine.substring(0, 1000);
        return new DeliveryOutcome(digest.date(), digest.subscriber().id(), digest.subscriber().email(), messageId,
                status, lastReply, attempts, OffsetDateTime.now());
    }

    /** One line of the journal: tab-separated, the reply last (it has no tabs or line breaks). */
    String toLine() {
        return String.join("\t", date.toString(), Long.toString(subscriberId), email, messageId, status.name(),
                Integer.toString(attempts), Long.toString(at.toInstant().toEpochMilli()), reply == null ? "" : reply)
                + "\n";
    }

    static DeliveryOutcome fromLine(String line) {
        String[] f = line.split("\t", 8);
        if (f.length < 8) {
            throw new IllegalArgumentException("not a journal line: " + line);
        }
        return new DeliveryOutcome(LocalDate.parse(f[0]), Long.parseLong(f[1]), f[2], f[3], DeliveryStatus.valueOf(f[4]),
                f[7].isEmpty() ? null : f[7], Integer.parseInt(f[5]),
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(f[6])), ZoneOffset.UTC));
    }
}
