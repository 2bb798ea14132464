package org.paperdigest.delivery;

import java.io.ByteArrayInputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A digest's message, built before its turn on the connection: {@code wire} is the whole message
 * with CRLF lines, {@code smtpData} the same as SMTP DATA carries it. {@code eightBit} says whether
 * UTF-8 bodies may have gone as 8bit, which needs a relay offering 8BITMIME.
 */
public record PreparedMessage(Digest digest, String messageId, InternetAddress from, InternetAddress to,
        boolean eightBit, byte[] wire, byte[] smtpData) {

    PreparedMessage(Digest digest, String messageId, InternetAddress from, InternetAddress to, boolean eightBit,
            byte[] wire) {
        this(digest, messageId, from, to, eightBit, wire, smtpData(wire));
    }

    /**
     * The message as SMTP DATA carries it (RFC 5321 4.5.2): a line starting with a dot gets a
     * second one, and a line with a single dot ends it. Built with the message, on the preparing
     * thread, so that the sending thread only copies bytes to the socket.
     */
    private static byte[] smtpData(byte[] wire) {
        int dots = 0;
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '.' && (i == 0 || wire[i - 1] == '\n')) {
                dots++;
            }
        }
        boolean endsWithCrlf = wire.length >= 2 && wire[wire.length - 2] == '\r' && wire[wire.length - 1] == '\n';
        byte[] end = endsWithCrlf ? END : CRLF_END;
        byte[] data = new byte[wire.length + dots + end.length];
        int j = 0;
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '.' && (i == 0 || wire[i - 1] == '\n')) {
                data[j++] = '.';
            }
            data[j++] = wire[i];
        }
        System.arraycopy(end, 0, data, j, end.length);
        return data;
    }

    private static final byte[] END = {'.', '\r', '\n'};
    private static final byte[] CRLF_END = {'\r', '\n', '.', '\r', '\n'};

    /** The same message for Jakarta Mail's own sending; parsed, so it is written out unchanged. */
    public MimeMessage toMimeMessage(Session session) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(wire));
    }
}
