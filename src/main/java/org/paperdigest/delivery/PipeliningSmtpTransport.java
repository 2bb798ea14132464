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
 * MAIL, RCPT and DATA leave in one write and their three replies are read together, and the next
 * message's envelope leaves with the body of this one: one round trip a message instead of four. Angus does the rest (connect, EHLO, STARTTLS,
 * AUTH, reading replies); only the body is written straight to its output stream, which Angus keeps
 * private, so it is reached by reflection. Without that field, or without PIPELINING, for
 * non-ASCII addresses, or with DSN or other envelope settings ({@code mail.smtp.dsn.*},
 * {@code mail.smtp.mailextension}, {@code mail.smtp.submitter}), a message goes through Angus's own
 * {@code sendMessage}.
 *
 * <p>{@link SmtpMailer} asks the session for this provider by class.
 */
public class PipeliningSmtpTransport extends SMTPTransport {

    private static final Logger log = LoggerFactory.getLogger(PipeliningSmtpTransport.class);
    private static final Field SERVER_OUTPUT = serverOutputField();

    private final String protocol;
    private PreparedMessage ahead;
    private boolean open;

    public PipeliningSmtpTransport(Session session, URLName url) {
        super(session, url, protocol(url), "smtps".equals(protocol(url)));
        this.protocol = protocol(url);
    }

    /**
     * Sends one prepared message; returns the relay's reply to it. With {@code next}, the message
     * that will be sent right after this one on this connection, the next envelope leaves with this
     * body, so that in a steady run each message costs one round trip. Its replies are read when
     * {@code next} is sent; it is not sent until then, so a crash between the two delivers nothing.
     */
    synchronized String send(PreparedMessage message, PreparedMessage next) throws MessagingException {
        OutputStream out = pipelinedOutput(message);
        if (out == null) {
            sendMessage(message.toMimeMessage(session), new Address[] {message.to()});
            return getLastServerResponse();
        }
        if (ahead != message) {
            write(out, envelope(message));
        }
        ahead = null;
        readEnvelopeReplies(out, message);
        byte[] nextEnvelope = next != null && pipelinedOutput(next) != null ? envelope(next) : null;
        write(out, message.smtpData(), nextEnvelope);
        ahead = nextEnvelope != null ? next : null;
        int code = readServerResponse();
        String reply = getLastServerResponse();
        if (code != 250) {
            if (ahead != null) {
                // The next DATA may be open already: only a dropped connection ends it undelivered.
                close();
            }
            throw new SMTPSendFailedException(".", code, reply, null, null, null, null);
        }
        return reply;
    }

    /** The message whose envelope went out with the last body, its replies unread; null if none. */
    synchronized PreparedMessage ahead() {
        return ahead;
    }

    @Override
    public synchronized void close() throws MessagingException {
        ahead = null;
        super.close();
    }

    /**
     * Whether the connection is up, without asking the relay: Angus's isConnected() sends a NOOP,
     * which would land inside an open DATA.
     */
    synchronized boolean open() {
        return open;
    }

    @Override
    protected synchronized void setConnected(boolean connected) {
        this.open = connected;
        super.setConnected(connected);
    }

    private byte[] envelope(PreparedMessage message) throws MessagingException {
        return (mailFrom(message) + "\r\n" + rcptTo(message) + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String mailFrom(PreparedMessage message) throws MessagingException {
        return "MAIL FROM:<" + envelopeFrom(message).getAddress() + ">"
                + (message.eightBit() && supportsExtension("8BITMIME") ? " BODY=8BITMIME" : "");
    }

    private static String rcptTo(PreparedMessage message) {
        return "RCPT TO:<" + message.to().getAddress() + ">";
    }

    /** The replies to MAIL, RCPT and DATA; a refusal is thrown as Angus would throw it. */
    private void readEnvelopeReplies(OutputStream out, PreparedMessage message) throws MessagingException {
        int mailCode = readServerResponse();
        String mailReply = getLastServerResponse();
        int rcptCode = readServerResponse();
        String rcptReply = getLastServerResponse();
        int dataCode = readServerResponse();
        String dataReply = getLastServerResponse();
        if (mailCode == 250 && (rcptCode == 250 || rcptCode == 251) && dataCode == 354) {
            return;
        }
        abandon(out, dataCode);
        if (mailCode != 250) {
            throw new SMTPSenderFailedException(envelopeFrom(message), mailFrom(message), mailCode, mailReply);
        }
        if (rcptCode != 250 && rcptCode != 251) {
            throw new SMTPAddressFailedException(message.to(), rcptTo(message), rcptCode, rcptReply);
        }
        throw new SMTPSendFailedException("DATA", dataCode, dataReply, null, null, null, null);
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
    private OutputStream pipelinedOutput(PreparedMessage message) throws MessagingException {
        if (SERVER_OUTPUT == null || !supportsExtension("PIPELINING") || extendedEnvelope()
                || !ascii(envelopeFrom(message).getAddress()) || !ascii(message.to().getAddress())) {
            return null;
        }
        try {
            return (OutputStream) SERVER_OUTPUT.get(this);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Envelope parameters that only Angus's own path adds: delivery status notifications, extensions. */
    private boolean extendedEnvelope() {
        return session.getProperty("mail." + protocol + ".dsn.notify") != null
                || session.getProperty("mail." + protocol + ".dsn.ret") != null
                || session.getProperty("mail." + protocol + ".mailextension") != null
                || session.getProperty("mail." + protocol + ".submitter") != null;
    }

    /** As Angus chooses it: mail.smtp.from, else the message's From. */
    private InternetAddress envelopeFrom(PreparedMessage message) throws MessagingException {
        String configured = session.getProperty("mail." + protocol + ".from");
        if (configured != null && !configured.isBlank()) {
            return new InternetAddress(configured);
        }
        return message.from();
    }

    /** Writes and flushes: one segment for all of them where they fit. */
    private void write(OutputStream out, byte[]... parts) throws MessagingException {
        try {
            for (byte[] part : parts) {
                if (part != null) {
                    out.write(part);
                }
            }
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
