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
        String contentType = "text/" + subtype + "; charset=UTF-8";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // One pass for what decides the encoding; bare LFs become CRLF where the body is copied.
        boolean ascii = true;
        int line = 0;
        int longest = 0;
        int bareLf = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\n') {
                longest = Math.max(longest, line);
                line = 0;
                if (i == 0 || utf8[i - 1] != '\r') {
                    bareLf++;
                }
            } else if (b != '\r') {
                ascii &= b >= 0;
                line++;
            }
        }
        longest = Math.max(longest, line);
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
