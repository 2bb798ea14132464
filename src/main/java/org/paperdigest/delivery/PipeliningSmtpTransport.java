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

/**
 * Angus Mail's SMTP transport plus what it lacks: RFC 2920 PIPELINING. When the relay offers it,
 * MAIL, RCPT and DATA leave in one write and their three replies are read together, and the next
 * message's envelope leaves right behind the body of this one, before its reply is read: one round trip
 * a message instead of four. (It is written on its own, after the body: a write that fails then says
 * that the final dot went out.) Angus does the rest (connect, EHLO, STARTTLS,
 * AUTH, reading replies); only the body is written straight to its output stream, which Angus keeps
 * private, so it is reached by reflection. Without that field, or without PIPELINING, or with DSN
 * or other envelope settings ({@code mail.smtp.dsn.*}, {@code mail.smtp.mailextension},
 * {@code mail.smtp.submitter}), a message goes through Angus's own {@code sendMessage}.
 *
 * <p>An envelope with an address beyond ASCII goes out as UTF-8 with {@code SMTPUTF8} (RFC 6531), on
 * either path; it is never sent to a relay that does not offer SMTPUTF8. The reply to the final dot is
 * awaited as {@link FinalReplySmtpTransport} awaits it.
 *
 * <p>{@link SmtpMailer} asks the session for this provider by class.
 */
public class PipeliningSmtpTransport extends FinalReplySmtpTransport {

    private static final Field SERVER_OUTPUT = field("serverOutput");

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
        if (message.needsSmtpUtf8() && !supportsExtension("SMTPUTF8")) {
            // Checked by the writer already; never let Angus cut the address's characters to bytes.
            throw new NotSendableException("not sent: the address needs SMTPUTF8, which the relay does not offer");
        }
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
        write(out, message.smtpData()); // failed, the final dot did not go out: nothing was delivered
        if (nextEnvelope != null) {
            // Its own write: failing, it says the connection broke after the final dot went out.
            try {
                write(out, nextEnvelope);
            } catch (MessagingException e) {
                throw unknown(e);
            }
            ahead = next;
        }
        int code = finalReply();
        String reply = getLastServerResponse();
        if (code != 250) {
            SMTPSendFailedException refused = new SMTPSendFailedException(".", code, reply, null, null, null, null);
            // The next DATA may be open already: only a dropped connection ends it undelivered.
            throw ahead != null ? closed(refused) : refused;
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

    /** UTF-8 with SMTPUTF8 for an address beyond ASCII (RFC 6531), else ASCII, as before. */
    private byte[] envelope(PreparedMessage message) throws MessagingException {
        return (mailFrom(message) + "\r\n" + rcptTo(message) + "\r\nDATA\r\n").getBytes(
                utf8(message) ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
    }

    private String mailFrom(PreparedMessage message) throws MessagingException {
        return "MAIL FROM:<" + envelopeFrom(message).getAddress() + ">"
                + (message.eightBit() && supportsExtension("8BITMIME") ? " BODY=8BITMIME" : "")
                + (utf8(message) ? " SMTPUTF8" : "");
    }

    private boolean utf8(PreparedMessage message) throws MessagingException {
        return message.needsSmtpUtf8() || !PreparedMessage.ascii(envelopeFrom(message).getAddress());
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
                || utf8(message) && !supportsExtension("SMTPUTF8")) {
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
        return closed(new MessagingException("Can't send command to SMTP host", e));
    }

    private static String protocol(URLName url) {
        return url != null && "smtps".equals(url.getProtocol()) ? "smtps" : "smtp";
    }


}
