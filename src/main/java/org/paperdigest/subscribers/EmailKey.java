package org.paperdigest.subscribers;

import java.util.Locale;

/** The one definition of the case-insensitive identity of an address ({@code subscriber.email_key}). */
final class EmailKey {

    private EmailKey() {
    }

    static String of(String email) {
        // Locale.ROOT: a Turkish default locale must not turn 'I' into a dotless 'ı'
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
