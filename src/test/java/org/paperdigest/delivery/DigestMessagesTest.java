package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.paperdigest.DigestProperties;
import org.paperdigest.rendering.UnsubscribeLinks;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.RenderedDigests;

/** The bytes built for the wire read back, with Jakarta Mail's own parser, as the digest that was rendered. */
class DigestMessagesTest {

    static final String TEXT = "Hi Zoë,\n\n1. Ünïcödé title — 数学\n" + ".a line that starts with a dot\n";
    static final String HTML = "<p>Hi Zoë,</p>\n<p>数学 &amp; more</p>\n";

    final DigestProperties properties = DigestSettings.of("Paper Digest <digest@example.org>",
            Path.of("subscribers.yml"), "abstracts.txt", Path.of("templates"), ZoneOffset.UTC,
            "https://example.org/u/{token}", "", Path.of("outbox"), 100);
    final Session session = Session.getInstance(new Properties());

    @Test
    void aMultipartDigestReadsBackAsItsTextAndHtml() throws Exception {
        PreparedMessage prepared = messages(true).prepare(digest(HTML), true);
        MimeMessage parsed = prepared.toMimeMessage(session);

        assertThat(parsed.getSubject()).isEqualTo("3 new papers on KV cache, Zoë's — 数学");
        assertThat(parsed.getFrom()[0].toString()).isEqualTo("Paper Digest <digest@example.org>");
        assertThat(parsed.getAllRecipients()[0].toString()).contains("zoe@example.org");
        assertThat(parsed.getMessageID()).isEqualTo(prepared.messageId());
        assertThat(parsed.getHeader("List-Unsubscribe")[0]).isEqualTo("<https://example.org/u/tok>");
        assertThat(parsed.getSentDate()).isNotNull();
        MimeMultipart alternative = (MimeMultipart) parsed.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(TEXT.replace("\n", "\r\n"));
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo(HTML.replace("\n", "\r\n"));
        assertThat(alternative.getBodyPart(0).getHeader("Content-Transfer-Encoding")[0]).isEqualTo("8bit");
    }

    @Test
    void withoutEightBitTheBodiesAreQuotedPrintableAndTheWireIsAscii() throws Exception {
        PreparedMessage prepared = messages(true).prepare(digest(null), false);

        assertThat(prepared.eightBit()).isFalse();
        for (byte b : prepared.wire()) {
            assertThat(b).isNotNegative();
        }
        assertThat(new String(prepared.smtpData(), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("\r\n..a line that starts with a dot\r\n");
        MimeMessage parsed = prepared.toMimeMessage(session);
        assertThat(parsed.getHeader("Content-Transfer-Encoding")[0]).isEqualTo("quoted-printable");
        assertThat(parsed.getContent()).isEqualTo(TEXT.replace("\n", "\r\n"));
    }

    @Test
    void smtpDataDoublesALeadingDotAndEndsWithALoneDot() throws Exception {
        PreparedMessage prepared = messages(true).prepare(digest(null), true);

        String data = new String(prepared.smtpData(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(data).contains("\r\n..a line that starts with a dot\r\n").endsWith("\r\n.\r\n");
        assertThat(prepared.smtpData()).hasSize(prepared.wire().length + 1 + 3);
        assertThat(new String(prepared.wire(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\r\n.a line that starts with a dot\r\n").doesNotContain("..").doesNotContain("\r\n.\r\n");
    }

    @Test
    void everyLineOfTheMessageEndsWithCrlf() throws Exception {
        PreparedMessage prepared = messages(true).prepare(digest(HTML), true);

        byte[] wire = prepared.wire();
        for (int i = 0; i < wire.length; i++) {
            if (wire[i] == '\n') {
                assertThat(wire[i - 1]).as("byte before the LF at %d", i).isEqualTo((byte) '\r');
            }
        }
        assertThat(wire[wire.length - 2]).isEqualTo((byte) '\r');
        assertThat(wire[wire.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void crlfLinesStayAsTheyAreAndABodyWithoutAFinalLineEndGetsOne() throws Exception {
        PreparedMessage prepared = messages(true).prepare(digest(null, "\n.a\r\n\r\n..b\nc.\n.\r\nd"), true);

        String data = new String(prepared.smtpData(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(data).endsWith("\r\n\r\n..a\r\n\r\n...b\r\nc.\r\n..\r\nd\r\n.\r\n");
        assertThat(prepared.toMimeMessage(session).getContent()).isEqualTo("\r\n.a\r\n\r\n..b\r\nc.\r\n.\r\nd\r\n");
    }

    @Test
    void aLineLongerThanSmtpAllowsIsQuotedPrintableEvenToAnEightBitRelay() {
        assertThat(part("x".repeat(998) + "\n", true)).contains("Content-Transfer-Encoding: 7bit\r\n");
        assertThat(part("x".repeat(999) + "\n", true)).contains("Content-Transfer-Encoding: quoted-printable\r\n");
        assertThat(part("é\n", true)).contains("Content-Transfer-Encoding: 8bit\r\n");
        assertThat(part("é\nb\r\nc", false)).endsWith("\r\n\r\n=C3=A9\r\nb\r\nc\r\n.\r\n");
    }

    /** A message of one text part, as SMTP DATA carries it. */
    private static String part(String text, boolean eightBitAllowed) {
        SmtpData data = new SmtpData();
        data.textPart(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "plain", eightBitAllowed);
        return new String(data.finish(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private DigestMessages messages(boolean eightBitMime) {
        return new DigestMessages(properties,
                new DeliveryProperties(8, Duration.ofSeconds(2), Duration.ofSeconds(60), 0.5, 0, 1, eightBitMime,
                        Duration.ofMinutes(10)),
                new UnsubscribeLinks(properties, s -> "tok"));
    }

    private static Digest digest(String html) {
        return digest(html, TEXT);
    }

    private static Digest digest(String html, String text) {
        Subscriber zoe = new Subscriber(7, "zoe@example.org", "Zoë Ünïcödé", List.of("KV cache"), List.of(), 10,
                html == null ? Format.TEXT : Format.HTML, true, null, List.of());
        return new Digest(LocalDate.of(2025, 7, 29), zoe, 3,
                RenderedDigests.of("3 new papers on KV cache, Zoë's — 数学", text, html));
    }
}
