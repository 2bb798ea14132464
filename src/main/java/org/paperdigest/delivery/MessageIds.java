package org.paperdigest.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Message-IDs that are the same every time a subscriber's digest for a date is built, so a copy
 * sent again after a crash is recognisable as the same message (and deduplicated by many clients).
 */
final class MessageIds {

    private MessageIds() {
    }

    static String of(LocalDate date, String email, String domain) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "<digest." + date + "." + HexFormat.of().formatHex(hash, 0, 10) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
