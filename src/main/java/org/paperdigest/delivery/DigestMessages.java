package org.paperdigest.delivery;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.rendering.UnsubscribeLinks;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.stereotype.Component;

/**
 * Builds the message of a digest (headers, and a text part with an optional HTML alternative)
 * straight into the bytes that go on the wire. Every header value is encoded by Jakarta Mail as
 * MimeMessage would encode it (RFC 2047 words, address quoting, folding); only the assembly is
 * done here, so that a message costs one buffer instead of a MimeMessage, a MimeMultipart and their
 * data handlers.
 */
@Component
public class DigestMessages {

    private static final String UTF_8 = "UTF-8";
    // RFC 5322 date-time, as MimeMessage writes it.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private final InternetAddress from;
    private final String domain;
    private final String listId;
    private final String replyTo;
    private final UnsubscribeLinks unsubscribe;
    private final boolean eightBitMime;

    public DigestMessages(DigestProperties properties, DeliveryProperties delivery, UnsubscribeLinks unsubscribe) {
        this.from = parseFrom(properties.from());
        this.domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        this.listId = properties.listId() == null || properties.listId().isBlank()
                ? "<paper-digest." + domain + ">"
                : OneLine.of(properties.listId());
        this.replyTo = replyTo(properties.replyTo());
        this.unsubscribe = unsubscribe;
        this.eightBitMime = delivery.eightBitMime();
    }

    public String messageId(Digest digest) {
        return MessageIds.of(digest.date(), digest.subscriber().email(), domain);
    }

    /**
     * The digest's message; its UTF-8 bodies go as 8bit when {@code eightBitRelay} says the relay
     * offers 8BITMIME and {@code digest.delivery.eight-bit-mime} allows it, else quoted-printable.
     */
    public PreparedMessage prepare(Digest digest, boolean eightBitRelay) throws MessagingException {
        boolean eightBit = eightBitMime && eightBitRelay;
        Subscriber subscriber = digest.subscriber();
        InternetAddress to = recipient(subscriber);
        String messageId = messageId(digest);
        SmtpData data = new SmtpData();
        data.header("Date", DATE.format(ZonedDateTime.now()));
        data.header("From", InternetAddress.toString(new InternetAddress[] {from}, "From: ".length()));
        data.header("To", InternetAddress.toString(new InternetAddress[] {to}, "To: ".length()));
        data.header("Message-ID", messageId);
        data.header("Subject", MimeUtility.fold("Subject: ".length(),
                encode(digest.rendered().subject())));
        data.header("MIME-Version", "1.0");
        data.header("List-Id", listId);
        if (replyTo != null) {
            data.header("Reply-To", replyTo);
        }
        unsubscribeHeaders(data, subscriber);
        if (digest.rendered().htmlUtf8() == null) {
            data.textPart(digest.rendered().textUtf8(), "plain", eightBit);
        } else {
            String boundary = "=_digest_" + HexFormat.of().formatHex(randomBytes());
            data.header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
            data.line("");
            data.line("--" + boundary);
            data.textPart(digest.rendered().textUtf8(), "plain", eightBit);
            data.line("");
            data.line("--" + boundary);
            data.textPart(digest.rendered().htmlUtf8(), "html", eightBit);
            data.line("");
            data.line("--" + boundary + "--");
        }
        return new PreparedMessage(digest, messageId, from, to, eightBit, data.finish());
    }

    /** RFC 2369 List-Unsubscribe (the web link first, then the mailto), and RFC 8058's one-click POST. */
    private void unsubscribeHeaders(SmtpData data, Subscriber subscriber) {
        String url = unsubscribe.of(subscriber);
        if (url == null) {
            return;
        }
        String mailto = unsubscribe.mailto(subscriber);
        data.header("List-Unsubscribe", "<" + url + ">" + (mailto == null ? "" : ", <" + mailto + ">"));
        if (unsubscribe.oneClick()) {
            data.header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
    }

    private static String encode(String text) {
        try {
            return MimeUtility.encodeText(text, UTF_8, null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is part of every JDK", e);
        }
    }

    // 128 random bits: no body can hold the boundary by chance, and nobody can guess it in advance.
    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * The subscriber's address as it goes on the wire, in RCPT TO and in {@code To}: an internationalized
     * domain in its ASCII form (punycode, RFC 5891), so that any relay routes it; a local part beyond
     * ASCII stays as it is (UTF-8), for a relay that offers SMTPUTF8 only.
     */
    static InternetAddress recipient(Subscriber to) throws MessagingException {
        String address = asciiDomain(to.email());
        String name = OneLine.of(to.name());
        try {
            if (PreparedMessage.ascii(address)) {
                return name == null || name.isEmpty() ? new InternetAddress(address, true)
                        : new InternetAddress(address, name, UTF_8);
            }
            // Jakarta Mail's parser takes no UTF-8 local part unless mail.mime.allowutf8 is a system property.
            InternetAddress utf8 = new InternetAddress();
            utf8.setAddress(address);
            if (name != null && !name.isEmpty()) {
                utf8.setPersonal(name, UTF_8);
            }
            return utf8;
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code user@bücher.example} as {@code user@xn--bcher-kva.example}; an ASCII address as it is. */
    static String asciiDomain(String email) throws AddressException {
        int at = email.lastIndexOf('@');
        if (at < 0 || PreparedMessage.ascii(email.substring(at + 1))) {
            return email;
        }
        try {
            return email.substring(0, at + 1) + IDN.toASCII(email.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new AddressException("the domain of " + email + " has no ASCII form: " + e.getMessage(), email);
        }
    }

    /** {@code digest.reply-to} as a header value, or null when it is not set. */
    private static String replyTo(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(value.strip(), true);
            address.setAddress(asciiDomain(address.getAddress()));
            return InternetAddress.toString(new InternetAddress[] {address}, "Reply-To: ".length());
        } catch (AddressException e) {
            throw new BadInputException("digest.reply-to: '" + value + "' is not an email address: " + e.getMessage());
        }
    }

    private static InternetAddress parseFrom(String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            if (address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new AddressException("no domain", value);
            }
            address.setAddress(asciiDomain(address.getAddress()));
            return address;
        } catch (AddressException e) {
            throw new BadInputException("digest.from: '" + value + "' is not an email address: " + e.getMessage());
        }
    }
}
