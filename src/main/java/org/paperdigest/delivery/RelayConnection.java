package org.paperdigest.delivery;

import io.micrometer.core.instrument.Timer;
import jakarta.mail.MessagingException;

/**
 * A writer's one connection to the relay, opened on first use and replaced when it breaks, and each
 * message fitted to what that relay takes: built again without 8bit bodies for a relay without 8BITMIME,
 * never sent (not even its envelope) when the relay cannot take it.
 */
final class RelayConnection implements AutoCloseable {

    private final Mailer mailer;
    private final MessagePreparation preparation;
    private Mailer.Connection connection;
    private long sizeLimit;
    private final Timer sendTime;

    RelayConnection(Mailer mailer, MessagePreparation preparation, Timer sendTime) {
        this.mailer = mailer;
        this.preparation = preparation;
        this.sendTime = sendTime;
    }

    /**
     * Sends the message; {@code following}, when built already and fit for this relay as it is, has its
     * envelope announced early. A connection that broke is dropped.
     */
    String send(PreparedMessage prepared, PendingDigest following) throws MessagingException {
        try {
            Mailer.Connection open = open();
            sizeLimit = open.maxMessageSize();
            PreparedMessage message = forRelay(prepared, open);
            refuseIfNotSendable(message, open);
            Timer.Sample started = Timer.start();
            try {
                return open.send(message, readyAsIs(following, open));
            } finally {
                started.stop(sendTime);
            }
        } catch (MessagingException | RuntimeException e) {
            dropIfBroken(e);
            throw e;
        }
    }

    /** Sends the message with nothing announced behind it (the once-more try of an unknown outcome). */
    String sendAlone(PreparedMessage prepared) throws MessagingException {
        try {
            Mailer.Connection open = open();
            return open.send(forRelay(prepared, open), null);
        } catch (MessagingException | RuntimeException e) {
            dropIfBroken(e);
            throw e;
        }
    }

    /** Why a message the relay refused as not sendable was not sent, for the delivery record. */
    String notSendable(SmtpFailure failure, PreparedMessage message) {
        if (failure.code() == 0) {
            return failure.reply(); // refused before anything was sent; the reason says why
        }
        return "not sent: the relay " + mailer.destination(message.digest().date()) + " refused the message of "
                + message.smtpData().length + " bytes as too big"
                + (sizeLimit > 0 ? " (its limit: " + sizeLimit + " bytes)" : "") + ": " + failure.reply();
    }

    private Mailer.Connection open() throws MessagingException {
        if (connection == null) {
            connection = mailer.connect();
        }
        return connection;
    }

    /** A connection that broke, or whose state after a lost reply nobody knows, is not used again. */
    private void dropIfBroken(Throwable e) {
        SmtpFailure.Kind kind = SmtpFailure.of(e).kind();
        if (kind == SmtpFailure.Kind.RELAY_TROUBLE || kind == SmtpFailure.Kind.OUTCOME_UNKNOWN) {
            close();
        }
    }

    /** Nothing of a message this relay cannot take is sent: its envelope would be cut, or refused at the end. */
    private void refuseIfNotSendable(PreparedMessage message, Mailer.Connection open) throws NotSendableException {
        String relay = mailer.destination(message.digest().date());
        if (message.needsSmtpUtf8() && !open.smtpUtf8()) {
            throw new NotSendableException("not sent: the address " + message.to().getAddress()
                    + " needs SMTPUTF8, which the relay " + relay + " does not offer");
        }
        long limit = open.maxMessageSize();
        if (limit > 0 && message.smtpData().length > limit) {
            throw new NotSendableException("not sent: the message is " + message.smtpData().length
                    + " bytes, more than the " + limit + " bytes the relay " + relay + " takes (its EHLO SIZE)");
        }
    }

    /** Built for an 8BITMIME relay; built again for one that is not. */
    private PreparedMessage forRelay(PreparedMessage prepared, Mailer.Connection open) {
        return prepared.eightBit() && !open.eightBitMime() ? preparation.prepare(prepared.digest(), false) : prepared;
    }

    /**
     * The following message if it is built already and fits this relay as it is, so that the very
     * same message is sent next; else null (it is then sent without being announced early).
     */
    private PreparedMessage readyAsIs(PendingDigest following, Mailer.Connection open) {
        PreparedMessage next = following == null ? null : following.ifReady();
        if (next == null || next.eightBit() && !open.eightBitMime()) {
            return null;
        }
        try {
            refuseIfNotSendable(next, open);
            return next;
        } catch (NotSendableException e) {
            return null; // its turn records why
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
