package org.paperdigest.delivery;

import java.io.UnsupportedEncodingException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * data handlers, which was half of the CPU a message took to prepare.
 */
@Component
public class DigestMessages {

    private static final String UTF_8 = "UTF-8";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};
    // RFC 5322 date-time, as MimeMessage writes it.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    /** Enough for the header lines of most messages, or those between two parts. */
    private static final int LINES_BUFFER = 1024;

    private final InternetAddress from;
    private final String domain;
    private final String listId;
    private final UnsubscribeLinks unsubscribe;
    private final boolean eightBitMime;

    public DigestMessages(DigestProperties properties, DeliveryProperties delivery, UnsubscribeLinks unsubscribe) {
        this.from = parseFrom(properties.from());
        this.domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        this.listId = properties.listId() == null || properties.listId().isBlank()
                ? "<paper-digest." + domain + ">"
                : OneLine.of(properties.listId());
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
        Wire wire = new Wire();
        wire.header("Date", DATE.format(ZonedDateTime.now()));
        wire.header("From", InternetAddress.toString(new InternetAddress[] {from}, "From: ".length()));
        wire.header("To", InternetAddress.toString(new InternetAddress[] {to}, "To: ".length()));
        wire.header("Message-ID", messageId);
        wire.header("Subject", MimeUtility.fold("Subject: ".length(),
                encode(digest.rendered().subject())));
        wire.header("MIME-Version", "1.0");
        wire.header("List-Id", listId);
        String unsubscribeUrl = unsubscribe.forToken(subscriber.unsubscribeToken());
        if (unsubscribeUrl != null) {
            wire.header("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            if (unsubscribe.oneClick()) {
                wire.header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        }
        EncodedBody text = EncodedBody.of(digest.rendered().textUtf8(), "plain", eightBit);
        if (digest.rendered().htmlUtf8() == null) {
            wire.part(text);
        } else {
            String boundary = "=_digest_" + HexFormat.of().formatHex(randomBytes());
            wire.header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
            wire.line("");
            wire.line("--" + boundary);
            wire.part(text);
            wire.line("");
            wire.line("--" + boundary);
            wire.part(EncodedBody.of(digest.rendered().htmlUtf8(), "html", eightBit));
            wire.line("");
            wire.line("--" + boundary + "--");
        }
        return new PreparedMessage(digest, messageId, from, to, eightBit, wire.smtpData());
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

    /**
     * The message's bytes as SMTP DATA carries them: CRLF lines, as MimeMessage.writeTo writes them,
     * with a leading dot doubled and a lone dot at the end. Header lines are put in that form as they
     * are written; bodies come in it already ({@link EncodedBody}). The pieces are kept apart and joined
     * once, into an array of the message's size: a message is allocated about twice its size, where a
     * buffer that grows and is then cut to size took four times, and was the most of what a send
     * allocated (the collector's time goes with it).
     */
    private static final class Wire {
        private final List<DataForm> pieces = new ArrayList<>(8);
        private DataForm lines = new DataForm(LINES_BUFFER);

        void header(String name, String value) {
            line(name + ": " + value);
        }

        void line(String line) {
            lines.text(line.getBytes(StandardCharsets.UTF_8)).raw(CRLF);
        }

        /** A body part's (or a single-part message's) content headers, a blank line, and the body. */
        void part(EncodedBody body) {
            header("Content-Type", body.contentType());
            header("Content-Transfer-Encoding", body.transferEncoding());
            lines.raw(CRLF);
            pieces.add(lines);
            pieces.add(body.data());   // in DATA form already
            lines = new DataForm(LINES_BUFFER);
        }

        byte[] smtpData() {
            pieces.add(lines);
            DataForm last = null;
            int size = END.length;
            for (DataForm piece : pieces) {
                size += piece.size();
                last = piece.size() > 0 ? piece : last;
            }
            boolean endLine = last == null || !last.endsWithCrlf();
            byte[] data = new byte[size + (endLine ? CRLF.length : 0)];
            int at = 0;
            for (DataForm piece : pieces) {
                at = piece.copyTo(data, at);
            }
            if (endLine) {
                System.arraycopy(CRLF, 0, data, at, CRLF.length);
                at += CRLF.length;
            }
            System.arraycopy(END, 0, data, at, END.length);
            return data;
        }
    }
}
