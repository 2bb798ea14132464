package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** Titles and abstracts carrying markup, line breaks and non-ASCII text, from the daily_papers JSON. */
class HostileInputTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void markupIsShownAsTextAndLineBreaksNeverReachAHeader() throws Exception {
        String longAbstract = "We study attention. ".repeat(2_500);
        Path abstracts = new Workspace(dir).file("papers.json", """
                [
                  {"paper": {"id": "2507.00001", "title": "<script>alert('x')</script> <b>Bold</b> attention & friends",
                    "summary": "A paper about attention with <img src=x onerror=alert(1)> in its\\nabstract.",
                    "authors": [{"name": "Ada <Lovelace>"}], "upvotes": 3}, "publishedAt": "2025-07-29T00:00:00Z"},
                  {"paper": {"id": "2507.00002", "title": "Attention X\\r\\nBcc: someone@example.org",
                    "summary": "Attention is everything.", "authors": []}},
                  {"paper": {"id": "2507.00003", "title": "注意力 is all you need: Γ-attention 🚀 with $\\\\alpha$",
                    "summary": "%s", "authors": []}}
                ]
                """.formatted(longAbstract));
        Workspace workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .subscribers("subscribers:\n  - email: reader@example.org\n    name: \"Eve\\r\\nBcc: x@example.org\"\n"
                        + "    interests: [attention]\n");

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", abstracts.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage digest = received[0];
        assertThat(digest.getAllRecipients()).extracting(Object::toString).singleElement().asString()
                .endsWith("<reader@example.org>");
        assertThat(digest.getHeader("Bcc")).isNull();
        assertThat(Collections.list(digest.getAllHeaderLines())).noneMatch(line -> line.startsWith("Bcc"));
        assertThat(digest.getSubject()).isEqualTo("3 new papers on attention · Jul 29");

        String html = Messages.htmlPart(digest);
        assertThat(html).doesNotContain("<script>", "<b>Bold", "<img")
                .contains("&lt;script&gt;", "&lt;img src&#61;x onerror&#61;alert(1)&gt;", "Ada &lt;Lovelace&gt;",
                        "注意力 is all you need: Γ-<mark", "🚀");
        String text = Messages.textPart(digest);
        assertThat(text).contains("<script>alert('x')</script> <b>Bold</b>", "Ada <Lovelace>",
                "Ada <Lovelace>\n   Paper:", "* X Bcc: someone@example.org\n", "🚀 with $\\alpha$");
        // A 50 KB abstract is shown as a snippet.
        assertThat(text.length()).isLessThan(5_000);
        assertThat(text).contains("https://huggingface.co/papers/2507.00001", "https://arxiv.org/abs/2507.00001");
    }
}
