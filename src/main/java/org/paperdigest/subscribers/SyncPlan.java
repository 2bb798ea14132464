package org.paperdigest.subscribers;

/**
 * What a sync of the subscribers file did (or would do) to table {@code subscriber}, counted.
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
}
