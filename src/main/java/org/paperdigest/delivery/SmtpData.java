package org.paperdigest.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

/**
 * Builds a message's bytes as SMTP DATA carries them (RFC 5321 4.5.2): CRLF lines, as MimeMessage.writeTo
 * writes them, a line's leading dot doubled, and a lone dot at the end. Header lines are put in that form
 * as they are written; a text body is encoded once, up front, in the lightest transfer encoding that is
 * valid: 7bit for ASCII, 8bit for UTF-8 where allowed, quoted-printable otherwise or when a line is longer
 * than SMTP allows. Building the bytes here spares Jakarta Mail's scanning the text for an encoding and
 * encoding it through streams byte by byte.
 *
 * <p>Text is copied a line at a time, one arraycopy a line, counting on the way what decides the encoding
 * (the longest line, whether all was ASCII). The header lines and each body are kept as pieces and joined
 * once, into an array of the message's size, not a buffer that grows and is then cut to size.
 */
final class SmtpData {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};
    // RFC 5322: at most 998 characters a line, not counting CRLF.
    private static final int MAX_LINE = 998;
    /** Enough for the header lines of most messages, or those between two parts. */
    private static final int LINES_BUFFER = 1024;

    private record Piece(byte[] bytes, int size) {
    }

    private final List<Piece> pieces = new ArrayList<>(8);
    // The piece being written.
    private byte[] out = new byte[LINES_BUFFER];
    private int size;
    private int highBits;
    private int longest;

    void header(String name, String value) {
        line(name + ": " + value);
    }

    void line(String line) {
        text(line.getBytes(StandardCharsets.UTF_8));
        write(CRLF, 0, CRLF.length);
    }

    /**
     * A body part's (or a single-part message's) content headers, a blank line, and the body.
     *
     * @param utf8 the text as UTF-8, its lines ending in LF or CRLF
     */
    void textPart(byte[] utf8, String subtype, boolean eightBitAllowed) {
        byte[] lines = out;
        int linesSize = size;
        // One pass for what decides the encoding and for the body as it is sent.
        String encoding = body(utf8);
        if (longest > MAX_LINE || !ascii() && !eightBitAllowed) {
            body(quotedPrintable(crlfLines(utf8)));
            encoding = "quoted-printable";
        }
        Piece body = new Piece(out, size);
        out = lines;
        size = linesSize;
        header("Content-Type", "text/" + subtype + "; charset=UTF-8");
        header("Content-Transfer-Encoding", encoding);
        write(CRLF, 0, CRLF.length);
        pieces.add(new Piece(out, size));
        pieces.add(body);
        out = new byte[LINES_BUFFER];
        size = 0;
    }

    /** The message: the pieces joined, ended by a line end (unless it has one) and the lone dot. */
    byte[] finish() {
        pieces.add(new Piece(out, size));
        Piece last = null;
        int total = END.length;
        for (Piece piece : pieces) {
            total += piece.size();
            last = piece.size() > 0 ? piece : last;
        }
        boolean endLine = last == null || !endsWithCrlf(last);
        byte[] data = new byte[total + (endLine ? CRLF.length : 0)];
        int at = 0;
        for (Piece piece : pieces) {
            System.arraycopy(piece.bytes(), 0, data, at, piece.size());
            at += piece.size();
        }
        if (endLine) {
            System.arraycopy(CRLF, 0, data, at, CRLF.length);
            at += CRLF.length;
        }
        System.arraycopy(END, 0, data, at, END.length);
        return data;
    }

    /** Starts a piece of its own with the text in DATA form; says how it goes if that is valid as it is. */
    private String body(byte[] text) {
        out = new byte[text.length + text.length / 16 + 16];
        size = 0;
        highBits = 0;
        longest = 0;
        text(text);
        return ascii() ? "7bit" : "8bit";
    }

    /** Appends text that starts a line, in DATA form; no line end is added after its last line. */
    private void text(byte[] text) {
        int from = 0;
        while (from < text.length) {
            if (text[from] == '.') {
                put('.');
            }
            int lf = from;
            int high = 0;
            while (lf < text.length && text[lf] != '\n') {
                high |= text[lf];
                lf++;
            }
            highBits |= high;
            int end = lf > from && text[lf - 1] == '\r' && lf < text.length ? lf - 1 : lf;
            longest = Math.max(longest, end - from);
            write(text, from, end - from);
            if (lf == text.length) {
                break;
            }
            put('\r');
            put('\n');
            from = lf + 1;
        }
    }

    // A byte with its high bit set is negative, and so is the OR.
    private boolean ascii() {
        return highBits >= 0;
    }

    private static boolean endsWithCrlf(Piece piece) {
        return piece.size() >= 2 && piece.bytes()[piece.size() - 2] == '\r' && piece.bytes()[piece.size() - 1] == '\n';
    }

    /** The quoted-printable encoder keeps a bare LF as it is: give it CRLF lines. */
    private static byte[] crlfLines(byte[] text) {
        int bareLf = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
                bareLf++;
            }
        }
        if (bareLf == 0) {
            return text;
        }
        byte[] lines = new byte[text.length + bareLf];
        int j = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
                lines[j++] = '\r';
            }
            lines[j++] = text[i];
        }
        return lines;
    }

    private static byte[] quotedPrintable(byte[] utf8) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(utf8.length + utf8.length / 4);
        try (OutputStream qp = MimeUtility.encode(encoded, "quoted-printable")) {
            qp.write(utf8);
        } catch (IOException | MessagingException e) {
            throw new UncheckedIOException(new IOException("quoted-printable encoding failed", e));
        }
        return encoded.toByteArray();
    }

    private void put(char c) {
        ensure(1);
        out[size++] = (byte) c;
    }

    private void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, out, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
