package org.paperdigest.delivery;

/** Outcome of the latest attempt to deliver a subscriber's digest for a date. */
public enum DeliveryStatus {
    /** Accepted by the relay (or written to the outbox); never sent again for that date. */
    DELIVERED,
    /**
     * Not delivered, and nothing says the reader's address is wrong: refused for a reason that may pass
     * (4xx), too big for the relay, an address needing SMTPUTF8 the relay lacks, or a digest that could
     * not be made. Nobody is suppressed; {@code resend-failed} tries again.
     */
    FAILED,
    /** The recipient refused for good (5xx to RCPT, or a mailbox status at the end of DATA); suppressed. */
    BOUNCED,
    /**
     * The message was handed over in full, but the relay's reply to its final dot never came (a
     * timeout or a dropped connection): it may have been delivered. Tried again at most once, after
     * the rest of the chunk, and reported apart from failures. Finished for the date, as DELIVERED is:
     * never sent again by a resumed send, nor by resend-failed.
     */
    UNKNOWN
}
