package org.paperdigest.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;

/**
 * A text body encoded once, up front, into the bytes that go on the wire. Handing Jakarta Mail
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
        byte[] utf8 = withCrlf(text.getBytes(StandardCharsets.UTF_8));
        boolean ascii = true;
        int line = 0;
        int longest = 0;
        for (byte b : utf8) {
            ascii &= b >= 0;
            line = b == '\n' ? 0 : line + 1;
            longest = Math.max(longest, line);
        }
        if (longest <= MAX_LINE + 1 && (ascii || eightBitAllowed)) {
            return new EncodedBody(contentType, ascii ? "7bit" : "8bit", utf8);
        }
        return new EncodedBody(contentType, "quoted-printable", quotedPrintable(utf8));
    }

    /** SMTP and RFC 5322 end lines with CRLF; the templates end them with LF. */
    private static byte[] withCrlf(byte[] bytes) {
        int bareLf = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                bareLf++;
            }
        }
        if (bareLf == 0) {
            return bytes;
        }
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

    MimeBodyPart toPart() throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", contentType);
        headers.setHeader("Content-Transfer-Encoding", transferEncoding);
        return new MimeBodyPart(headers, bytes);
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
