package org.paperdigest.ingest;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The day a page of papers says it is of: its date line ({@code Jul 29}, perhaps with a year). Checked against
 * the issue date, so that yesterday's page is not sent as today's issue.
 *
 * @param year null when the page does not give one
 */
public record ListedDay(String source, MonthDay monthDay, Integer year) {

    /** True when the issue date is the listed day. */
    public boolean matches(LocalDate issue) {
        return MonthDay.from(issue).equals(monthDay) && (year == null || year == issue.getYear());
    }

    /** The issue date the list is of: its own, or with no year given, the latest such day not after today. */
    public LocalDate issueDate(LocalDate today) {
        if (year != null) {
            return monthDay.atYear(year);
        }
        LocalDate thisYear = monthDay.atYear(today.getYear());
        return thisYear.isAfter(today) ? monthDay.atYear(today.getYear() - 1) : thisYear;
    }

    @Override
    public String toString() {
        String day = monthDay.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + monthDay.getDayOfMonth();
        return year == null ? day : day + ", " + year;
    }
}
