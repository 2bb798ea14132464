package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.paperdigest.subscribers.SubscribersFile.Seen;

/**
 * A whole subscribers file in memory, for tests: the application never holds it (a sync streams it, see
 * {@link SubscriberSync}), but a test's file is small and its entries are easiest checked as a list.
 */
public final class SubscriberEntries {

    private SubscriberEntries() {
    }

    /** Every entry, in order, refusing a file with an address twice as a sync does. */
    public static List<SubscriberEntry> readAll(SubscribersFile subscribersFile, Path file) {
        List<SubscriberEntry> entries = new ArrayList<>();
        Map<String, Seen> emails = new HashMap<>();
        try (EntryReader reader = subscribersFile.open(file, null)) {
            for (SubscriberEntry entry = reader.next(); entry != null; entry = reader.next()) {
                Seen seen = new Seen(reader.number(), entry);
                Seen first = emails.putIfAbsent(entry.emailKey(), seen);
                if (first != null) {
                    throw SubscribersFile.duplicate(file, seen, first);
                }
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }
}
