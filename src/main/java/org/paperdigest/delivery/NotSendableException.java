package org.paperdigest.delivery;

import jakarta.mail.MessagingException;

/**
 * This message cannot go to this relay as it is: larger than the SIZE it offers, or an address that
 * needs SMTPUTF8, which it does not offer. Nothing of it was sent; the delivery fails for good on this
 * relay, and nobody is suppressed.
 */
class NotSendableException extends MessagingException {

    NotSendableException(String reason) {
        super(reason);
    }
}
