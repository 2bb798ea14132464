package org.paperdigest.delivery;

/** Outcome of the latest attempt to deliver a subscriber's digest for a date. */
public enum DeliveryStatus {
    /** Accepted by the relay (or written to the outbox); never sent again for that date. */
    DELIVERED,
    /** Refused for a reason that may pass (4xx); a later run may try again. */
    FAILED,
    /** Refused for good (5xx); not retried. */
    BOUNCED,
    /**
     * The message was handed over in full, but the relay's reply to its final dot never came (a
     * timeout or a dropped connection): it may have been delivered. Tried again at most once, after
     * the rest of the chunk, and reported apart from failures.
     */
    UNKNOWN
}
