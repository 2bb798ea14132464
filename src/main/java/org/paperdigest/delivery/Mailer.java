package org.paperdigest.delivery;

import java.time.LocalDate;

import jakarta.mail.MessagingException;

/** Where digests go: an SMTP relay, or the outbox folder when no relay is configured. */
public interface Mailer {

    /** Opens a connection that is reused for many messages. */
    Connection connect() throws MessagingException;

    /** For the run summary: where the date's messages went. */
    String destination(LocalDate date);

    interface Connection extends AutoCloseable {

        /** Whether the relay takes 8bit bodies (it offers 8BITMIME). */
        boolean eightBitMime();

        /** Whether the relay takes addresses beyond ASCII (it offers SMTPUTF8, RFC 6531). */
        boolean smtpUtf8();

        /** The largest message the relay takes (its EHLO SIZE, RFC 1870), in bytes; 0 when it sets none. */
        long maxMessageSize();

        /**
         * Sends one digest's message; returns the server's reply to it. {@code next}, when given, is
         * the message this connection sends right after this one, which lets a relay that pipelines
         * get its envelope early; the caller's next send must then be {@code next}.
         */
        String send(PreparedMessage message, PreparedMessage next) throws MessagingException;

        @Override
        void close();
    }
}
