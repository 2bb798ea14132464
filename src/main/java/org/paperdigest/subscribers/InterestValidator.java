package org.paperdigest.subscribers;

/**
 * Tells whether an interest (or an exclude) is a query the matcher can run. The matching package
 * owns the query syntax, so it provides the bean; the subscribers file only reports the reason.
 */
@FunctionalInterface
public interface InterestValidator {

    /**
     * @throws IllegalArgumentException with a one-line reason when {@code interest} is not a valid query
     */
    void validate(String interest) throws IllegalArgumentException;
}
