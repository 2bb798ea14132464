package org.paperdigest.subscribers;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sync of the subscribers file does (or would do) to table {@code subscriber}.
 *
 * @param added       entries whose address is not in the table yet, in file order
 * @param changed     entries that differ from their row, in file order
 * @param deactivated active rows whose address is no longer in the file
 * @param unchanged   entries of the file that match their row exactly
 */
public record SyncPlan(List<SubscriberEntry> added, List<Change> changed, List<Deactivation> deactivated,
        int unchanged) {

    public SyncPlan {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        deactivated = List.copyOf(deactivated);
    }

    /**
     * An entry that differs from row {@code id}.
     *
     * @param fields the file keys that differ ({@code email} when only the spelling's case changed,
     *               {@code active} when a deactivated subscriber is back), in {@link SubscribersFile#KEYS} order
     */
    public record Change(long id, SubscriberEntry entry, List<String> fields) {

        public Change {
            fields = List.copyOf(fields);
        }
    }

    /** Row {@code id}, whose address is no longer in the file; it is kept because deliveries refer to it. */
    public record Deactivation(long id, String email) {
    }

    /** True when applying the plan would write nothing. */
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && deactivated.isEmpty();
    }

    /** One line per change: {@code + email}, {@code ~ email (fields)}, {@code - email (deactivated)}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (SubscriberEntry entry : added) {
            lines.add("+ " + entry.email() + (entry.active() ? "" : " (inactive)"));
        }
        for (Change change : changed) {
            lines.add("~ " + change.entry().email() + " (" + String.join(", ", change.fields()) + ")");
        }
        for (Deactivation deactivation : deactivated) {
            lines.add("- " + deactivation.email() + " (deactivated)");
        }
        return List.copyOf(lines);
    }

    /** Exactly {@code added A, changed C, deactivated D, unchanged U}. */
    public String totals() {
        return "added " + added.size() + ", changed " + changed.size() + ", deactivated " + deactivated.size()
                + ", unchanged " + unchanged;
    }
}
