package org.paperdigest.delivery;

import jakarta.mail.internet.MimeMessage;

/**
 * A digest's message, built and serialized before its turn on the connection: {@code wire} is the
 * message exactly as {@code mime.writeTo} writes it (CRLF lines, not yet dot-stuffed).
 * {@code eightBit} says whether a UTF-8 body went as 8bit, which needs a relay offering 8BITMIME.
 */
public record PreparedMessage(Digest digest, String messageId, MimeMessage mime, boolean eightBit, byte[] wire) {
}
