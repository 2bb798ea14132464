package org.paperdigest.subscribers;

import java.util.List;

/**
 * What a sync of the subscribers file did (or would do) to table {@code subscriber}, counted. The
 * changes themselves are given one line at a time while the sync runs (see {@link SubscriberSync}),
 * since a list of them could be as long as the file.
 *
 * @param added       entries whose address was not in the table yet
 * @param changed     entries that differed from their row
 * @param deactivated active rows whose address is no longer in the file
 * @param unchanged   entries of the file that matched their row exactly
 */
public record SyncPlan(long added, long changed, long deactivated, long unchanged) {

    /** The entries of the file: added, changed or unchanged. */
    public long entries() {
        return added + changed + unchanged;
    }

    /** True when applying the plan would write nothing. */
    public boolean isEmpty() {
        return added == 0 && changed == 0 && deactivated == 0;
    }

    /** Exactly {@code added A, changed C, deactivated D, unchanged U}. */
    public String totals() {
        return "added " + added + ", changed " + changed + ", deactivated " + deactivated + ", unchanged " + unchanged;
    }

    /** Ends the line of an address that only a relay offering SMTPUTF8 can take: its local part is not ASCII. */
    static final String NEEDS_SMTPUTF8 = " (needs a relay that offers SMTPUTF8)";

    /** {@code + email}, marked when the new subscriber starts inactive, and when it needs SMTPUTF8. */
    static String addedLine(String email, boolean active) {
        return "+ " + email + (active ? "" : " (inactive)") + smtpUtf8(email);
    }

    /**
     * {@code ~ email (fields)}: the file keys that differ, in {@link EntryProblems#KEYS} order ({@code email}
     * when only the spelling's case changed, {@code active} when a deactivated subscriber is back), and marked when
     * the address needs SMTPUTF8.
     */
    static String changedLine(String email, List<String> fields) {
        return "~ " + email + " (" + String.join(", ", fields) + ")" + smtpUtf8(email);
    }

    private static String smtpUtf8(String email) {
        return EmailKey.needsSmtpUtf8(email) ? NEEDS_SMTPUTF8 : "";
    }

    /** {@code - email (deactivated)}: the row is kept because deliveries refer to it. */
    static String deactivatedLine(String email) {
        return "- " + email + " (deactivated)";
    }
}
