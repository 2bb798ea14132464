package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.RenderedDigests;

/** A paper's entry comes from the paper partials, once per run, whoever gets it. */
class PaperPartialsTest {

    static final LocalDate DATE = LocalDate.of(2025, 7, 29);

    @TempDir
    Path dir;

    static Templates templates(Path dir) {
        return new Templates(properties(dir));
    }

    static DigestProperties properties(Path dir) {
        return DigestSettings.of("Paper Digest <digest@example.org>", Path.of("config/subscribers.yml"),
                "samples/hf-daily-papers-jul-29.txt", dir, ZoneOffset.UTC, "", "", Path.of("outbox"), 100);
    }

    static MatchedPaper matched(String title, List<String> interests) {
        return new MatchedPaper(new Paper(0, "2507.00001", title, "An abstract.", List.of("Ada"), 3, null), 1,
                interests, List.of(), List.of());
    }

    static Subscriber subscriber(Format format) {
        return new Subscriber(1, "ada@example.org", "Ada", List.of("a"), List.of(), 10, format, true, null,
                List.of());
    }

    @Test
    void anOperatorsPaperPartialsShapeEveryEntryAndTheDigestKeepsItsOwnLayout() throws IOException {
        Files.writeString(dir.resolve("paper.txt.mustache"), "#{{number}} {{#title}}{{text}}{{/title}}\n");
        Files.writeString(dir.resolve("paper.html.mustache"), "<li>{{number}} {{#title}}{{text}}{{/title}}</li>\n");
        DigestRenderer renderer = new DigestRenderer(templates(dir), new UnsubscribeLinks(properties(dir), s -> "tok"),
                properties(dir));

        RenderedDigest digest = renderer.render(subscriber(Format.HTML), renderer.issue(DATE),
                List.of(matched("First", List.of("a")), matched("Second <b>", List.of("a"))));

        assertThat(RenderedDigests.text(digest)).contains("matching a.\n\n#1 First\n\n#2 Second <b>\n\n--\n");
        assertThat(RenderedDigests.html(digest)).contains("</p>\n<li>1 First</li>\n<li>2 Second &lt;b&gt;</li>\n<hr");
    }

    @Test
    void anEntryIsRenderedOnceForEverySubscriberWhoGetsThePaperAtThatNumberWithThoseInterests() {
        PaperEntries entries = new PaperEntries(templates(dir).compiled());
        MatchedPaper paper = matched("Fast KV cache", List.of("KV cache"));
        MatchedPaper samePaperOtherSubscriber = new MatchedPaper(paper.paper(), 2, new ArrayList<>(List.of("KV cache")),
                List.of(), List.of());

        PaperEntries.Rendered first = entries.of(paper, 1);

        assertThat(entries.of(samePaperOtherSubscriber, 1)).isSameAs(first);
        assertThat(entries.of(paper, 2).text().paper()).startsWith("2. Fast KV cache\n");
        assertThat(entries.of(new MatchedPaper(paper.paper(), 1, List.of("KV cache", "cache"), List.of(), List.of()), 1)
                .text().paper()).contains("Matched: KV cache, cache\n");
        assertThat(first.text().paper()).startsWith("1. Fast KV cache\n").endsWith("An abstract.");
        assertThat(first.html().paper()).startsWith("<div").endsWith("</div>");
    }

    @Test
    void aPaperPartialThatDoesNotCompileStopsTheCheckAndNamesItsFile() throws IOException {
        Files.writeString(dir.resolve("paper.html.mustache"), "<p>{{#title}}{{text}}</p>\n");

        assertThatThrownBy(() -> templates(dir).check()).isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("paper.html.mustache") + ": template does not compile");
    }
}
