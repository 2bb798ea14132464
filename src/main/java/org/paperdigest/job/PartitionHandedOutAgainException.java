package org.paperdigest.job;

/** A worker stops sending a partition that is no longer its own; the run that goes on sends the rest. */
final class PartitionHandedOutAgainException extends RuntimeException {

    PartitionHandedOutAgainException(String message) {
        super(message);
    }
}
