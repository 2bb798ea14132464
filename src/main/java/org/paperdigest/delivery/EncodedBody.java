package org.paperdigest.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

/**
 * A text body encoded once, up front, into the bytes that go on the wire (line ends as the text has
 * them: the message builder writes every one as CRLF while it copies the body). Handing Jakarta Mail
 * finished bytes spares it from scanning the text to pick an encoding, encoding it to UTF-8 through
 * a stream, and quoted-printable encoding it byte by byte, which was most of the CPU a message cost.
 *
 * <p>The lightest encoding that is valid is used: 7bit for ASCII, 8bit for UTF-8 when the relay
 * takes it ({@code digest.delivery.eight-bit-mime}), quoted-printable otherwise or when a line is
 * longer than SMTP allows.
 */
record EncodedBody(String contentType, String transferEncoding, byte[] bytes) {

    // RFC 5322: at most 998 characters a line, not counting CRLF.
    private static final int MAX_LINE = 998;

    static EncodedBody of(String text, String subtype, boolean eightBitAllowed) {
        return of(text.getBytes(StandardCharsets.UTF_8), subtype, eightBitAllowed);
    }

    /** @param utf8 the text as UTF-8, kept as the body's bytes when no encoding is needed: not to be changed */
    static EncodedBody of(byte[] utf8, String subtype, boolean eightBitAllowed) {
        String contentType = "text/" + subtype + "; charset=UTF-8";
        // One pass, line by line, for what decides the encoding; bare LFs become CRLF where the body is copied.
        int highBits = 0;
        int longest = 0;
        int bareLf = 0;
        int from = 0;
        while (true) {
            int lf = from;
            while (lf < utf8.length && utf8[lf] != '\n') {
                highBits |= utf8[lf];
                lf++;
            }
            boolean crlf = lf > from && utf8[lf - 1] == '\r';
            longest = Math.max(longest, lf - from - (crlf ? 1 : 0));
            if (lf == utf8.length) {
                break;
            }
            bareLf += crlf ? 0 : 1;
            from = lf + 1;
        }
        boolean ascii = highBits >= 0;   // a byte with its high bit set is negative, and so is the OR
        if (longest <= MAX_LINE && (ascii || eightBitAllowed)) {
            return new EncodedBody(contentType, ascii ? "7bit" : "8bit", utf8);
        }
        return new EncodedBody(contentType, "quoted-printable", quotedPrintable(bareLf == 0 ? utf8 : withCrlf(utf8, bareLf)));
    }

    /** The quoted-printable encoder keeps a bare LF as it is: give it CRLF lines. */
    private static byte[] withCrlf(byte[] bytes, int bareLf) {
        byte[] out = new byte[bytes.length + bareLf];
        int j = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                out[j++] = '\r';
            }
            out[j++] = bytes[i];
        }
        return out;
    }

    private static byte[] quotedPrintable(byte[] utf8) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(utf8.length + utf8.length / 4);
        try (OutputStream out = MimeUtility.encode(encoded, "quoted-printable")) {
            out.write(utf8);
        } catch (IOException | MessagingException e) {
            throw new UncheckedIOException(new IOException("quoted-printable encoding failed", e));
        }
        return encoded.toByteArray();
    }
}
