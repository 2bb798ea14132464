package org.paperdigest.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.springframework.stereotype.Component;

/**
 * A subscriber's unsubscribe token: {@code ID.MAC}, where MAC is an HMAC-SHA256 with
 * {@code digest.unsubscribe-secret} over the address and the list. The id only says which row to check; the
 * MAC is what proves the link was ours and for that address, so a token cannot be guessed, nor edited into
 * another subscriber's. Nothing is stored: a new secret makes every earlier link invalid.
 */
@Component
public class UnsubscribeTokens {

    static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,18})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Mac prototype;
    private final String list;

    public UnsubscribeTokens(DigestProperties properties) {
        String url = properties.unsubscribeUrl() == null ? "" : properties.unsubscribeUrl().strip();
        String secret = properties.unsubscribeSecret() == null ? "" : properties.unsubscribeSecret();
        this.list = properties.listId() == null || properties.listId().isBlank()
                ? senderAddress(properties.from()) : properties.listId().strip();
        if (url.isEmpty()) {
            this.prototype = null;
            return;
        }
        if (secret.isBlank()) {
            throw new BadInputException("digest.unsubscribe-secret is not set: with digest.unsubscribe-url it keys "
                    + "the unsubscribe links (" + MIN_SECRET_LENGTH + " characters or more, e.g. openssl rand -base64 32)");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new BadInputException("digest.unsubscribe-secret is too short (" + secret.length()
                    + " characters): use " + MIN_SECRET_LENGTH + " or more, e.g. openssl rand -base64 32");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.prototype = mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The token of the subscriber with this id and address. */
    public String of(long id, String email) {
        return id + "." + BASE64URL.encodeToString(mac(email));
    }

    /** The subscriber id a well-formed token names, unchecked; empty for anything else. */
    OptionalLong subscriberId(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        return m != null && m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Whether the token is the one issued to this address (in constant time). */
    boolean isFor(String token, long id, String email) {
        return MessageDigest.isEqual(of(id, email).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The list is its List-Id, or else its sender's address: a display name may change without breaking links. */
    private static String senderAddress(String from) {
        try {
            return new InternetAddress(from, false).getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return from.strip().toLowerCase(Locale.ROOT); // DigestMessages refuses it with a clear message
        }
    }

    private byte[] mac(String email) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone(); // a Mac is not thread-safe; a clone keeps the initialised key
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        // Locale.ROOT and trim: the same case-insensitive identity as subscriber.email_key
        String key = email.trim().toLowerCase(Locale.ROOT);
        return mac.doFinal((list + "\n" + key).getBytes(StandardCharsets.UTF_8));
    }
}
