package org.paperdigest.delivery;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Angus Mail's SMTP transport with RFC 5321's wait for the reply to a message's final dot: it is awaited
 * for {@link #endOfDataTimeout} (4.5.3.2.6), not the usual read timeout, and no reply at all there is an
 * {@link OutcomeUnknownException}: the relay may have the message. The same holds on Angus's own path
 * ({@link #finishData}). The socket, which Angus keeps private, is reached by reflection; without that
 * field the usual read timeout applies.
 */
abstract class FinalReplySmtpTransport extends SMTPTransport {

    private static final Logger log = LoggerFactory.getLogger(FinalReplySmtpTransport.class);
    private static final Field SERVER_SOCKET = field("serverSocket");

    private int endOfDataTimeoutMillis;
    private boolean finishingData; // inside Angus's finishData
    private boolean finalDotSent;  // ... and its final dot went out

    FinalReplySmtpTransport(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    /** How long to wait for the reply to a message's final dot; 0 keeps the usual read timeout. */
    synchronized void endOfDataTimeout(Duration timeout) {
        this.endOfDataTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /**
     * The reply to the final dot, which has gone out: awaited for the end-of-data timeout. No reply
     * (a timeout, a reset, the connection closed) leaves the message's fate unknown.
     */
    int finalReply() throws MessagingException {
        int code;
        int usual = longTimeout();
        try {
            code = readServerResponse();
        } catch (MessagingException e) {
            throw closed(unknown(e));
        } finally {
            restoreTimeout(usual);
        }
        if (code == -1) {
            throw closed(unknown(null));
        }
        return code;
    }

    /** Closes the connection (a DATA of the next message may be open), keeping {@code failure} what is thrown. */
    <T extends MessagingException> T closed(T failure) {
        try {
            close();
        } catch (MessagingException closing) {
            failure.addSuppressed(closing); // its QUIT met the same broken connection
        }
        return failure;
    }

    /** Angus's own path: the same long wait, and the same unknown outcome, for its final dot. */
    @Override
    protected void finishData() throws IOException, MessagingException {
        int usual = longTimeout();
        finishingData = true;
        finalDotSent = false;
        try {
            super.finishData();
        } catch (MessagingException e) {
            if (finalDotSent && (!(e instanceof SMTPSendFailedException failed) || failed.getReturnCode() == -1)) {
                throw unknown(e); // the writer drops this connection
            }
            throw e;
        } finally {
            finishingData = false;
            restoreTimeout(usual);
        }
    }

    @Override
    protected void sendCommand(String cmd) throws MessagingException {
        super.sendCommand(cmd);
        if (finishingData && ".".equals(cmd)) {
            finalDotSent = true;
        }
    }

    OutcomeUnknownException unknown(MessagingException cause) {
        String why = cause == null ? "the relay closed the connection" : SmtpFailure.of(cause).reply();
        return new OutcomeUnknownException("outcome unknown: the message went out whole, but no reply to its final dot "
                + "came (" + why + "); the relay may have delivered it", cause);
    }

    /** Sets the end-of-data timeout on the socket; returns the usual one, or -1 when unchanged. */
    private int longTimeout() {
        Socket socket = socket();
        if (socket == null || endOfDataTimeoutMillis <= 0) {
            return -1;
        }
        try {
            int usual = socket.getSoTimeout();
            socket.setSoTimeout(endOfDataTimeoutMillis);
            return usual;
        } catch (SocketException e) {
            return -1; // a closed socket: the read that follows reports it
        }
    }

    private void restoreTimeout(int usual) {
        Socket socket = socket();
        if (usual < 0 || socket == null || socket.isClosed()) {
            return;
        }
        try {
            socket.setSoTimeout(usual);
        } catch (SocketException e) {
            log.debug("could not restore the SMTP read timeout", e);
        }
    }

    private Socket socket() {
        try {
            return SERVER_SOCKET == null ? null : (Socket) SERVER_SOCKET.get(this);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** A private field of Angus's transport; null, with a warning, in an Angus Mail without it. */
    static Field field(String name) {
        try {
            Field field = SMTPTransport.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("this Angus Mail has no field {}: {} is off ({})", name,
                    "serverOutput".equals(name) ? "SMTP pipelining" : "the longer wait for the final reply", e.toString());
            return null;
        }
    }
}
