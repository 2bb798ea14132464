package org.paperdigest.job;

import java.time.LocalDate;

/**
 * One issue date in {@code status}'s history, as the table and {@code --json} show it.
 *
 * @param state   the latest run's: COMPLETED, FAILED, STOPPED, or STARTED with "(running)" or "(dead)"
 * @param matched subscribers with at least one paper, over the date's runs
 * @param seconds time the date's runs took, together
 */
public record DateHistory(LocalDate date, String state, int papers, long matched, int delivered, int failed,
        int bounced, double seconds) {
}
