package org.paperdigest;

/**
 * Input the operator has to fix (a subscribers entry, an abstracts file, a template, a flag).
 * The CLI prints the message as one line and exits 2; whatever threw it must have changed nothing.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
