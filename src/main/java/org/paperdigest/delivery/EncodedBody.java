package org.paperdigest.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

/**
 * A text body encoded once, up front, into the bytes that go on the wire, already in SMTP DATA form:
 * CRLF line ends and a line's leading dot doubled, so the message builder copies it in one piece.
 * Handing Jakarta Mail finished bytes spares it from scanning the text to pick an encoding, encoding
 * it to UTF-8 through a stream, and quoted-printable encoding it byte by byte, which was most of the
 * CPU a message cost.
 *
 * <p>The lightest encoding that is valid is used: 7bit for ASCII, 8bit for UTF-8 when the relay
 * takes it ({@code digest.delivery.eight-bit-mime}), quoted-printable otherwise or when a line is
 * longer than SMTP allows.
 */
record EncodedBody(String contentType, String transferEncoding, DataForm data) {

    // RFC 5322: at most 998 characters a line, not counting CRLF.
    private static final int MAX_LINE = 998;

    static EncodedBody of(String text, String subtype, boolean eightBitAllowed) {
        return of(text.getBytes(StandardCharsets.UTF_8), subtype, eightBitAllowed);
    }

    /** @param utf8 the text as UTF-8, its lines ending in LF or CRLF */
    static EncodedBody of(byte[] utf8, String subtype, boolean eightBitAllowed) {
        String contentType = "text/" + subtype + "; charset=UTF-8";
        // One pass for what decides the encoding and for the body as it is sent.
        DataForm data = DataForm.of(utf8);
        if (data.longest() <= MAX_LINE && (data.ascii() || eightBitAllowed)) {
            return new EncodedBody(contentType, data.ascii() ? "7bit" : "8bit", data);
        }
        return new EncodedBody(contentType, "quoted-printable",
                DataForm.of(quotedPrintable(DataForm.crlfLines(utf8))));
    }

    /** The body as it goes on the wire, a copy. */
    byte[] bytes() {
        return data.bytes();
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
