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

    /**
     * True when the address can only go to a relay that offers SMTPUTF8 (RFC 6531): its local part is not ASCII.
     * A domain beyond ASCII needs no extension, as it goes in punycode.
     */
    static boolean needsSmtpUtf8(String email) {
        return !email.substring(0, Math.max(0, email.lastIndexOf('@'))).chars().allMatch(c -> c < 0x80);
    }
}
