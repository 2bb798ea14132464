package org.paperdigest.delivery;

/** More than {@code digest.delivery.max-failure-ratio} of the run failed: stop before burning through the list. */
public class TooManyFailuresException extends RuntimeException {

    TooManyFailuresException(String message) {
        super(message);
    }
}
