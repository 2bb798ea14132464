package org.paperdigest.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Angus Mail's SMTP transport plus what it lacks: RFC 2920 PIPELINING. When the relay offers it,
 * MAIL, RCPT and DATA leave in one write and their three replies are read together, then the body
 * follows: two round trips a message instead of four. Angus does the rest (connect, EHLO, STARTTLS,
 * AUTH, reading replies); only the body is written straight to its output stream, which Angus keeps
 * private, so it is reached by reflection. Without that field, or without PIPELINING, or for
 * non-ASCII addresses, a message goes through Angus's own {@code sendMessage}.
 *
 * <p>{@link SmtpMailer} asks the session for this provider by class.
 */
public class PipeliningSmtpTransport extends SMTPTransport {

    private static final Logger log = LoggerFactory.getLogger(PipeliningSmtpTransport.class);
    private static final Field SERVER_OUTPUT = serverOutputField();

    private final String protocol;

    public PipeliningSmtpTransport(Session session, URLName url) {
        super(session, url, protocol(url), "smtps".equals(protocol(url)));
        this.protocol = protocol(url);
    }

    /** Sends one prepared message; returns the relay's reply to it. */
    synchronized String send(PreparedMessage message) throws MessagingException {
        InternetAddress from = envelopeFrom(message);
        InternetAddress to = message.to();
        OutputStream out = pipelinedOutput(from, to);
        if (out == null) {
            sendMessage(message.toMimeMessage(session), new Address[] {to});
            return getLastServerResponse();
        }
        String mail = "MAIL FROM:<" + from.getAddress() + ">"
                + (message.eightBit() && supportsExtension("8BITMIME") ? " BODY=8BITMIME" : "");
        String rcpt = "RCPT TO:<" + to.getAddress() + ">";
        write(out, (mail + "\r\n" + rcpt + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
        int mailCode = readServerResponse();
        String mailReply = getLastServerResponse();
        int rcptCode = readServerResponse();
        String rcptReply = getLastServerResponse();
        int dataCode = readServerResponse();
        String dataReply = getLastServerResponse();
        if (mailCode != 250 || (rcptCode != 250 && rcptCode != 251) || dataCode != 354) {
            abandon(out, dataCode);
            if (mailCode != 250) {
                throw new SMTPSenderFailedException(from, mail, mailCode, mailReply);
            }
            if (rcptCode != 250 && rcptCode != 251) {
                throw new SMTPAddressFailedException(to, rcpt, rcptCode, rcptReply);
            }
            throw new SMTPSendFailedException("DATA", dataCode, dataReply, null, null, null, null);
        }
        write(out, message.smtpData());
        int code = readServerResponse();
        if (code != 250) {
            throw new SMTPSendFailedException(".", code, getLastServerResponse(), null, null, null, null);
        }
        return getLastServerResponse();
    }

    /**
     * After a refused MAIL or RCPT the transaction is over, but a relay that still said 354 to DATA
     * waits for a body: end it empty (with no valid recipient it is not delivered), then RSET.
     */
    private void abandon(OutputStream out, int dataCode) throws MessagingException {
        if (dataCode == 354) {
            write(out, ".\r\n".getBytes(StandardCharsets.US_ASCII));
            readServerResponse();
        }
        write(out, "RSET\r\n".getBytes(StandardCharsets.US_ASCII));
        readServerResponse();
    }

    /** Angus's output stream when this message can be pipelined; null when it must go the usual way. */
    private OutputStream pipelinedOutput(InternetAddress from, InternetAddress to) {
        if (SERVER_OUTPUT == null || !supportsExtension("PIPELINING") || !ascii(from.getAddress())
                || !ascii(to.getAddress())) {
            return null;
        }
        try {
            return (OutputStream) SERVER_OUTPUT.get(this);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** As Angus chooses it: mail.smtp.from, else the message's From. */
    private InternetAddress envelopeFrom(PreparedMessage message) throws MessagingException {
        String configured = session.getProperty("mail." + protocol + ".from");
        if (configured != null && !configured.isBlank()) {
            return new InternetAddress(configured);
        }
        return message.from();
    }

    private void write(OutputStream out, byte[] bytes) throws MessagingException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** A write failed: the connection is unusable, as Angus treats it. */
    private MessagingException lost(IOException e) {
        try {
            close();
        } catch (MessagingException closing) {
            e.addSuppressed(closing);
        }
        return new MessagingException("Can't send command to SMTP host", e);
    }

    private static boolean ascii(String s) {
        return s != null && s.chars().allMatch(c -> c < 128);
    }

    private static String protocol(URLName url) {
        return url != null && "smtps".equals(url.getProtocol()) ? "smtps" : "smtp";
    }

    private static Field serverOutputField() {
        try {
            Field field = SMTPTransport.class.getDeclaredField("serverOutput");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SMTP pipelining is off: this Angus Mail has no field serverOutput ({})", e.toString());
            return null;
        }
    }
}
