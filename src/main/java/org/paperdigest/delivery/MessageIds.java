package org.paperdigest.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

import org.paperdigest.Sha256;

/**
 * Message-IDs that are the same every time a subscriber's digest for a date is built, so a copy
 * sent again after a crash is recognisable as the same message (and deduplicated by many clients).
 */
final class MessageIds {

    // One per thread: looking the algorithm up among the security providers cost more than the hash.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Sha256::newDigest);

    private MessageIds() {
    }

    static String of(LocalDate date, String email, String domain) {
        byte[] hash = SHA_256.get().digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return "<digest." + date + "." + HexFormat.of().formatHex(hash, 0, 10) + "@" + domain + ">";
    }
}
