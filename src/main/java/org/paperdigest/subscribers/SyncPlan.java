package org.paperdigest.subscribers;

/** What a sync of the subscribers file did (or would do) to table {@code subscriber}, counted. */
public record SyncPlan(long added, long changed, long deactivated, long unchanged) {

    public long entries() {
        return added + changed + unchanged;
    }

    public String totals() {
        return "added " + added + ", changed " + changed + ", deactivated " + deactivated + ", unchanged " + unchanged;
    }
}
