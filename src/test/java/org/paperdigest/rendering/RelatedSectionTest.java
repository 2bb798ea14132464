package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.PaperFiles;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.InterestQueries;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Matching;
import org.paperdigest.matching.MatchingProperties;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.support.RenderedDigests;

/** The papers like a reader's examples, in both parts: a section of their own after the interests' papers. */
class RelatedSectionTest {

    static final DayMatcher DAY = new Matching(null, new InterestQueries(new MatchingProperties("none")))
            .of(PaperFiles.read(Path.of("samples/hf-daily-papers-jul-29.txt")));
    static final String EXAMPLE = "VOCABTRIM: Vocabulary Pruning for Efficient Speculative Decoding in LLMs";

    @Test
    void relatedPapersFollowTheInterestsOnesNumberedOnEachWithItsExample() {
        Subscriber ada = reader(List.of("OTOV2"), 3);
        List<MatchedPaper> papers = DAY.select(ada.interests(), ada.exclude(), ada.like(), ada.maxPapers(), null);
        RenderedDigest digest = render(ada, papers);

        assertThat(digest.subject()).contains("3 new papers").contains("OTOV2");
        String text = RenderedDigests.text(digest);
        assertThat(text).contains("3 new papers for you on Tuesday, 29 July 2025, matching OTOV2.");
        int section = text.indexOf("\nRelated to papers you follow:\n");
        assertThat(section).isGreaterThan(text.indexOf("1. OTOV2"));
        assertThat(text.substring(section)).contains("2. Hydra", "3. Kangaroo",
                "Matched: like \u201c" + EXAMPLE + "\u201d").doesNotContain("1. ");
        String html = RenderedDigests.html(digest);
        assertThat(html).contains(">Related to papers you follow</h2>")
                .contains("Matched: like \u201c" + EXAMPLE.replace("\u201c", "") + "\u201d");
        assertThat(html.indexOf("Related to papers you follow")).isGreaterThan(html.indexOf("OTOV2"));
    }

    @Test
    void aDigestOfRelatedPapersOnlySaysSoInItsSubject() {
        Subscriber ada = reader(List.of("no such topic anywhere"), 10);
        List<MatchedPaper> papers = DAY.select(ada.interests(), ada.exclude(), ada.like(), ada.maxPapers(), null);
        RenderedDigest digest = render(ada, papers);
        assertThat(papers).hasSize(4).allMatch(p -> p.relatedTo() != null);
        assertThat(RenderedDigests.text(digest)).contains(
                "4 new papers for you on Tuesday, 29 July 2025, matching papers you follow.",
                "Related to papers you follow:", "1. Hydra");
    }

    private static RenderedDigest render(Subscriber subscriber, List<MatchedPaper> papers) {
        DigestRenderer renderer = GoldenDigestsTest.renderer("Paper Digest <digest@example.org>", "");
        return renderer.render(subscriber, renderer.issue(GoldenDigestsTest.DATE), papers);
    }

    private static Subscriber reader(List<String> interests, int max) {
        return new Subscriber(1, "ada@example.org", "Ada", interests, List.of(), max, Format.HTML, true, null,
                List.of(EXAMPLE));
    }
}
