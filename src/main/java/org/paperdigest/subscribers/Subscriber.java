package org.paperdigest.subscribers;

import java.util.List;

/**
 * A row of table {@code subscriber}: a subscriber as last synced from the file.
 *
 * @param name             null when the file gives none
 * @param unsubscribeToken random, set once when the subscriber is first added and never changed
 */
public record Subscriber(
        long id,
        String email,
        String name,
        List<String> interests,
        List<String> exclude,
        int maxPapers,
        Format format,
        boolean active,
        String unsubscribeToken) {

    public Subscriber {
        interests = List.copyOf(interests);
        exclude = List.copyOf(exclude);
    }
}
