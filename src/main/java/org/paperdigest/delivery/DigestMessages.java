package org.paperdigest.delivery;

import java.io.UnsupportedEncodingException;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.rendering.DigestRenderer;
import org.paperdigest.rendering.UnsubscribeLinks;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.stereotype.Component;

/** Builds the MIME message of a digest: headers, and a text part with an optional HTML alternative. */
@Component
public class DigestMessages {

    private static final String UTF_8 = "UTF-8";

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
                : DigestRenderer.oneLine(properties.listId());
        this.unsubscribe = unsubscribe;
        this.eightBitMime = delivery.eightBitMime();
    }

    public String messageId(Digest digest) {
        return MessageIds.of(digest.date(), digest.subscriber().email(), domain);
    }

    /** Whether {@link #build} may use 8bit bodies for such a relay. */
    boolean eightBit(boolean eightBitRelay) {
        return eightBitMime && eightBitRelay;
    }

    /**
     * The digest's message; its UTF-8 bodies go as 8bit when {@code eightBitRelay} says the relay
     * offers 8BITMIME and {@code digest.delivery.eight-bit-mime} allows it, else quoted-printable.
     */
    public MimeMessage build(Session session, Digest digest, boolean eightBitRelay) throws MessagingException {
        boolean eightBit = eightBit(eightBitRelay);
        Subscriber to = digest.subscriber();
        FixedIdMimeMessage message = new FixedIdMimeMessage(session, messageId(digest));
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, recipient(to));
        message.setSubject(digest.rendered().subject(), UTF_8);
        message.setSentDate(new Date());
        message.setHeader("List-Id", listId);
        String unsubscribeUrl = unsubscribe.forToken(to.unsubscribeToken());
        if (unsubscribeUrl != null) {
            message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            if (unsubscribe.oneClick()) {
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        }
        EncodedBody text = EncodedBody.of(digest.rendered().text(), "plain", eightBit);
        if (digest.rendered().html() == null) {
            message.setBody(text);
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text.toPart());
            alternative.addBodyPart(EncodedBody.of(digest.rendered().html(), "html", eightBit).toPart());
            message.setContent(alternative);
        }
        message.saveChanges();
        return message;
    }

    private static InternetAddress recipient(Subscriber to) throws MessagingException {
        String name = DigestRenderer.oneLine(to.name());
        try {
            return name == null || name.isEmpty() ? new InternetAddress(to.email(), true)
                    : new InternetAddress(to.email(), name, UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InternetAddress parseFrom(String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            if (address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new AddressException("no domain", value);
            }
            return address;
        } catch (AddressException e) {
            throw new BadInputException("digest.from: '" + value + "' is not an email address: " + e.getMessage());
        }
    }

    /** MimeMessage would replace the Message-ID with a random one on every saveChanges(). */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String id;

        FixedIdMimeMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        /** A single-part body given as finished bytes, like the parts of a multipart one. */
        void setBody(EncodedBody body) throws MessagingException {
            setHeader("Content-Type", body.contentType());
            setHeader("Content-Transfer-Encoding", body.transferEncoding());
            content = body.bytes();
        }
    }
}
