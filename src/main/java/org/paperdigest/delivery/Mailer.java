package org.paperdigest.delivery;

import java.time.LocalDate;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

/** Where digests go: an SMTP relay, or the outbox folder when no relay is configured. */
public interface Mailer {

    Session session();

    /** Opens a connection that is reused for many messages. */
    Connection connect() throws MessagingException;

    /** For the run summary: where the date's messages went. */
    String destination(LocalDate date);

    interface Connection extends AutoCloseable {

        /** Whether the relay takes 8bit bodies (it offers 8BITMIME). */
        boolean eightBitMime();

        /** Sends one digest's message; returns the server's reply to it. */
        String send(PreparedMessage message) throws MessagingException;

        @Override
        void close();
    }
}
