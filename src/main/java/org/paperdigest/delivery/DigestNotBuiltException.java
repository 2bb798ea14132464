package org.paperdigest.delivery;

/**
 * One reader's digest could not be made (matching failed, say, on a query past Lucene's clause limit):
 * that reader's delivery fails with this reason, and nobody else is affected.
 */
public class DigestNotBuiltException extends RuntimeException {

    public DigestNotBuiltException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
