package org.paperdigest.delivery;

/** The relay could not take a message within the retry budget: the send step stops, to be resumed later. */
public class RelayUnavailableException extends RuntimeException {

    RelayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
