package org.paperdigest.delivery;

import jakarta.mail.MessagingException;

/**
 * The whole message and its final dot went out, and the relay's reply never came (a timeout or a
 * dropped connection): it may have been delivered. Not tried again by the retry loop.
 */
class OutcomeUnknownException extends MessagingException {

    OutcomeUnknownException(String message, Exception cause) {
        super(message, cause);
    }
}
