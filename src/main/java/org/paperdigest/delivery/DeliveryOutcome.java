package org.paperdigest.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.paperdigest.OneLine;

/**
 * What happened to one digest, as the delivery record and the journal keep it.
 *
 * @param papers the digest's papers, as {@link Digest#papers()} gives them; null when none were chosen
 */
public record DeliveryOutcome(LocalDate date, long subscriberId, String email, String messageId,
        DeliveryStatus status, String reply, int attempts, OffsetDateTime at, String papers) {

    static DeliveryOutcome of(Digest digest, String messageId, DeliveryStatus status, String reply, int attempts) {
        String oneLine = reply == null ? null : OneLine.of(reply);
        String lastReply = oneLine == null || oneLine.length() <= 1000 ? oneLine : oneLine.substring(0, 1000);
        return new DeliveryOutcome(digest.date(), digest.subscriber().id(), digest.subscriber().email(), messageId,
                status, lastReply, attempts, OffsetDateTime.now(), digest.papers());
    }

    /**
     * Marks a record of the self-checking format with the digest's papers. "J2" marks one of the same format
     * written before papers were kept (no papers field); a line with neither is the first format's (no checksum).
     */
    static final String RECORD_MARK = "J3";

    /**
     * One record of the journal, as its bytes: tab-separated, the reply (which has no tabs or line breaks)
     * and then the CRC32C of everything before it, in hex, so that a torn or damaged record is recognised.
     */
    byte[] toRecord() {
        String body = String.join("\t", RECORD_MARK, date.toString(), Long.toString(subscriberId), email, messageId,
                status.name(), Integer.toString(attempts), Long.toString(at.toInstant().toEpochMilli()),
                papers == null ? "" : papers, reply == null ? "" : reply) + "\t";
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(text, 0, text.length);
        byte[] record = Arrays.copyOf(text, text.length + 9);
        long value = crc.getValue();
        for (int i = 0; i < 8; i++) {
            record[text.length + i] = (byte) HEX[(int) (value >>> (28 - 4 * i)) & 0xF];
        }
        record[record.length - 1] = '\n';
        return record;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The outcome a record (its bytes without the line end) holds.
     *
     * @throws IllegalArgumentException saying what is wrong with it: a checksum that does not match, a
     *         missing field, a value that does not parse
     */
    public static DeliveryOutcome fromRecord(byte[] bytes, int from, int to) {
        String text;
        int fields = 8;
        if (startsWithMark(bytes, from, to)) {
            fields = bytes[from + 1] == '3' ? 9 : 8;
            int lastTab = to - 1;
            while (lastTab >= from && bytes[lastTab] != '\t') {
                lastTab--;
            }
            if (lastTab < from || to - lastTab - 1 != 8) {
                throw new IllegalArgumentException("no checksum at its end");
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, from, lastTab + 1 - from);
            String stored = new String(bytes, lastTab + 1, 8, StandardCharsets.ISO_8859_1);
            if (!stored.equals(String.format("%08x", crc.getValue()))) {
                throw new IllegalArgumentException("its checksum does not match its content");
            }
            text = new String(bytes, from + 3, lastTab - from - 3, StandardCharsets.UTF_8);
        } else {
            text = new String(bytes, from, to - from, StandardCharsets.UTF_8); // the first format, unchecked
        }
        String[] f = text.split("\t", fields);
        if (f.length < fields) {
            throw new IllegalArgumentException("it has " + f.length + " fields instead of " + fields);
        }
        String reply = f[fields - 1];
        String papers = fields == 9 && !f[7].isEmpty() ? f[7] : null;
        try {
            return new DeliveryOutcome(LocalDate.parse(f[0]), Long.parseLong(f[1]), f[2], f[3],
                    DeliveryStatus.valueOf(f[4]), reply.isEmpty() ? null : reply, Integer.parseInt(f[5]),
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(f[6])), ZoneOffset.UTC), papers);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a field does not parse (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWithMark(byte[] bytes, int from, int to) {
        return to - from > 3 && bytes[from] == 'J' && (bytes[from + 1] == '2' || bytes[from + 1] == '3')
                && bytes[from + 2] == '\t';
    }
}
