package org.paperdigest.subscribers;

/**
 * Stands in for the matching package's query check in tests: a query must have balanced
 * parentheses and an even number of double quotes.
 */
final class BalancedQueryValidator implements InterestValidator {

    @Override
    public void validate(String interest) {
        int depth = 0;
        for (char c : interest.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw new IllegalArgumentException("')' without a matching '('");
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses");
        }
        if (interest.chars().filter(c -> c == '"').count() % 2 != 0) {
            throw new IllegalArgumentException("unbalanced quotes");
        }
    }
}
