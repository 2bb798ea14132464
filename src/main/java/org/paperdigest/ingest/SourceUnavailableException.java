package org.paperdigest.ingest;

/**
 * A source that did not answer (refused, timed out, 5xx) after its retries: nothing changed, and running
 * the command again later tries it again (exit 1).
 */
public class SourceUnavailableException extends RuntimeException {

    SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
