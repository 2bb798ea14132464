package org.paperdigest.delivery;

import com.google.common.base.CharMatcher;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A digest's message, built before its turn on the connection. {@code smtpData} is the message as
 * SMTP DATA carries it (RFC 5321 4.5.2): CRLF lines, a line starting with a dot gets a second one,
 * and a line with a single dot ends it; built so on the preparing thread, the sending thread only
 * copies it to the socket. It is the only copy kept: {@link #wire()} gives the plain message.
 * {@code eightBit} says whether UTF-8 bodies may have gone as 8bit, which needs a relay offering
 * 8BITMIME.
 */
public record PreparedMessage(Digest digest, String messageId, InternetAddress from, InternetAddress to,
        boolean eightBit, byte[] smtpData) {

    private static final int END = ".\r\n".length();

    /** The message itself, CRLF lines: {@code smtpData} without the doubled dots and the final dot line. */
    public byte[] wire() {
        byte[] wire = new byte[smtpData.length - END];
        int j = 0;
        for (int i = 0; i < wire.length; i++) {
            boolean lineStart = i == 0 || smtpData[i - 1] == '\n';
            if (!(lineStart && smtpData[i] == '.')) {
                wire[j++] = smtpData[i];
            }
        }
        return j == wire.length ? wire : Arrays.copyOf(wire, j);
    }

    /** Whether the recipient's address has characters beyond ASCII: only a relay offering SMTPUTF8 takes it. */
    public boolean needsSmtpUtf8() {
        return !ascii(to.getAddress());
    }

    static boolean ascii(String s) {
        return s == null || CharMatcher.ascii().matchesAllOf(s);
    }

    /** The same message for Jakarta Mail's own sending; parsed, so it is written out unchanged. */
    public MimeMessage toMimeMessage(Session session) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(wire()));
    }
}
