package org.paperdigest.unsubscribe;

/**
 * Where an unsubscribe is recorded: the suppression list, which the delivery package owns and the send step
 * reads. An interface here keeps the package graph one way (delivery depends on unsubscribe, not back).
 */
public interface Unsubscriptions {

    /** Suppresses the address as unsubscribed, now; an address already suppressed stays as it was. */
    void unsubscribe(String email);
}
