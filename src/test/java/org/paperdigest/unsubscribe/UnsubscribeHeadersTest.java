package org.paperdigest.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryProperties;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.rendering.UnsubscribeLinks;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.RenderedDigests;

/** The headers a digest carries for leaving and replying, read back by Jakarta Mail's parser. */
class UnsubscribeHeadersTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void listUnsubscribeCarriesTheLinkThenTheMailtoWithOneClickAndReplyTo() throws Exception {
        DigestProperties properties = properties("leave@lists.example.org", "Editors <editors@example.org>");
        UnsubscribeTokens tokens = new UnsubscribeTokens(properties);
        String token = tokens.of(7, "zoe@example.org");

        MimeMessage message = prepare(properties, tokens);

        assertThat(message.getHeader("List-Unsubscribe", null)).isEqualTo(
                "<https://lists.example.org/unsubscribe/" + token + ">, "
                        + "<mailto:leave@lists.example.org?subject=unsubscribe%20" + token + ">");
        assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.getReplyTo()[0].toString()).isEqualTo("Editors <editors@example.org>");
    }

    @Test
    void withoutMailtoOrReplyToThereIsTheLinkAlone() throws Exception {
        DigestProperties properties = properties("", "");
        UnsubscribeTokens tokens = new UnsubscribeTokens(properties);

        MimeMessage message = prepare(properties, tokens);

        assertThat(message.getHeader("List-Unsubscribe", null))
                .isEqualTo("<https://lists.example.org/unsubscribe/" + tokens.of(7, "zoe@example.org") + ">");
        assertThat(message.getHeader("Reply-To")).isNull();
    }

    private static MimeMessage prepare(DigestProperties properties, UnsubscribeTokens tokens) throws Exception {
        DigestMessages messages = new DigestMessages(properties, new DeliveryProperties(8, Duration.ofSeconds(2),
                Duration.ofSeconds(60), 0.5, 0, 1, true, Duration.ofMinutes(10)),
                new UnsubscribeLinks(properties, tokens));
        Subscriber zoe = new Subscriber(7, "zoe@example.org", "Zoë", List.of("KV cache"), List.of(), 10, Format.TEXT,
                true, null, List.of());
        Digest digest = new Digest(LocalDate.of(2025, 7, 29), zoe, 1, RenderedDigests.of("1 new paper", "Hi\n", null));
        return messages.prepare(digest, true).toMimeMessage(Session.getInstance(new Properties()));
    }

    private static DigestProperties properties(String mailto, String replyTo) {
        DigestProperties base = DigestSettings.of("Paper Digest <digest@example.org>", Path.of("subscribers.yml"),
                "abstracts.txt", Path.of("templates"), java.time.ZoneOffset.UTC,
                "https://lists.example.org/unsubscribe/{token}", "", Path.of("outbox"), 100);
        return new DigestProperties(base.from(), base.subscribersFile(), base.abstracts(), base.templatesDir(),
                base.zone(), base.unsubscribeUrl(), base.listId(), base.outbox(), base.chunkSize(),
                base.abstractsMaxSize(), base.home(), base.reportsDir(), SECRET, mailto, replyTo, false);
    }
}
