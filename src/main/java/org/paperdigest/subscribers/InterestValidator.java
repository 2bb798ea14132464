package org.paperdigest.subscribers;

import java.util.regex.Pattern;

/** Whether an interest (or exclude) is a query the matcher can run: the matching package owns the query syntax. */
@FunctionalInterface
public interface InterestValidator {

    /** @throws IllegalArgumentException with a one-line reason when {@code interest} is not a valid query */
    void validate(String interest) throws IllegalArgumentException;

    /** What makes an interest a boolean query in Lucene's classic syntax; one without it is a phrase. */
    Pattern BOOLEAN_SYNTAX = Pattern.compile("[\"()]|\\b(AND|OR|NOT)\\b");

    /** The interest matched as written, without synonyms: a phrase in quotes; a boolean query is one already. */
    static String literal(String interest) {
        return interest == null || BOOLEAN_SYNTAX.matcher(interest).find() ? interest : '"' + interest + '"';
    }
}
