package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.Paper;

/**
 * "Papers like these" on the sample day, against a judged set: for each example paper of the day, the other papers
 * of the day a reader who likes it wants (each read and judged: same method or problem), the first of which it
 * must get, and the rest it may miss; every paper it gets must be a wanted one. The day is the whole corpus here,
 * as it is for the first day a list is sent.
 */
class RelatedPapersTest {

    static final DayMatcher DAY =
            DayMatchers.of(DayIndex.of(SynonymsTest.DAY, new InterestQueries(new MatchingProperties("none"))));

    /** An example's title (its start), the papers it must get, and the others a reader of it would want. */
    record Judged(String example, List<String> must, List<String> alsoWanted) {
    }

    static final List<Judged> JUDGED = List.of(
            new Judged("DeepSeekMoE:", List.of("BigMac:", "Speculative MoE:", "DeepSpeed-MoE:"),
                    List.of("Pangu Ultra MoE:", "BlockFFN:", "CLIP-MoE:")),
            new Judged("ShadowKV:", List.of("TriForce:", "SnapKV:", "xKV:", "LServe:"),
                    List.of("Activation-aware Probe-Query:")),
            new Judged("Light-R1:", List.of("1.4 Million Open-Source Distilled Reasoning", "Beyond Distillation:"),
                    List.of("First Finish Search:", "Reasoning Language Models: A Blueprint")),
            new Judged("VOCABTRIM:", List.of("Hydra:", "Kangaroo:", "DySpec:", "FastDraft:"), List.of("TriForce:")),
            new Judged("AQUA20:", List.of("WebUOT-1M:"), List.of()),
            new Judged("OTOv3:", List.of("OTOV2:"), List.of()),
            new Judged("p-MoD:", List.of("γ-MoD:"), List.of()),
            new Judged("Make Your ViT-based Multi-view 3D Detectors", List.of("DFA3D:"), List.of()),
            new Judged("Qwen2.5-1M Technical Report", List.of("QwenLong-CPRS:"),
                    List.of("Training Long-Context LLMs Efficiently")),
            new Judged("Seedream 3.0 Technical Report", List.of(), List.of("HiDream-I1:")),
            new Judged("MonkeyOCR:", List.of(), List.of()));

    @Test
    void eachExampleGetsItsMustPapersAndNothingUnwanted() {
        int wanted = 0;
        int found = 0;
        List<String> unwanted = new ArrayList<>();
        for (Judged judged : JUDGED) {
            List<String> got = related(List.of(title(judged.example())), 20, List.of(), null);
            List<String> all = new ArrayList<>(judged.must());
            all.addAll(judged.alsoWanted());
            for (String must : judged.must()) {
                assertThat(got).as(judged.example()).anyMatch(t -> t.startsWith(must));
            }
            for (String title : got) {
                if (all.stream().noneMatch(title::startsWith)) {
                    unwanted.add(judged.example() + " -> " + title);
                }
            }
            wanted += all.size();
            found += (int) all.stream().filter(w -> got.stream().anyMatch(t -> t.startsWith(w))).count();
        }
        assertThat(unwanted).isEmpty();
        // 18 of the 27 wanted papers (67%), none unwanted: README, "How papers are matched"
        assertThat(found).as("wanted papers found of " + wanted).isEqualTo(18);
        assertThat(wanted).isEqualTo(27);
    }

    @Test
    void anExampleResolvesByTitleWhateverItsCaseAndPunctuation() {
        assertThat(related(List.of("otov3 automatic architecture agnostic neural network training and compression "
                + "from structured pruning to erasing operators"), 5, List.of(), null))
                .singleElement().asString().startsWith("OTOV2:");
    }

    @Test
    void anExampleNoPaperHasFindsNothingAndFailsNothing() {
        assertThat(related(List.of("2501.00001", "A paper nobody wrote"), 5, List.of(), null)).isEmpty();
    }

    @Test
    void relatedPapersComeAfterTheInterestsOnesUnderTheSameCapExcludesAndLeftOutPapers() {
        List<String> like = List.of(title("VOCABTRIM:"));
        List<MatchedPaper> papers = DAY.select(List.of("OTOV2"), List.of(), like, 3, null);
        assertThat(papers).extracting(p -> p.paper().title().split(":")[0])
                .containsExactly("OTOV2", "Hydra", "Kangaroo");
        assertThat(papers.get(0).relatedTo()).isNull();
        assertThat(papers.get(1).relatedTo()).startsWith("VOCABTRIM:");
        assertThat(papers.get(1).interests()).isEmpty();

        assertThat(related(like, 10, List.of("Medusa"), null)).noneMatch(t -> t.startsWith("Hydra:"));
        BitSet sent = new BitSet();
        sent.set(position("Kangaroo:"));
        assertThat(related(like, 10, List.of(), sent)).noneMatch(t -> t.startsWith("Kangaroo:"))
                .anyMatch(t -> t.startsWith("Hydra:"));
        // an interest that found a paper already: it is not shown twice
        assertThat(DAY.select(List.of("Hydra"), List.of(), like, 10, null))
                .filteredOn(p -> p.paper().title().startsWith("Hydra:")).singleElement()
                .extracting(MatchedPaper::relatedTo).isNull();
    }

    @Test
    void aListOfExamplesIsSearchedOncePerDayHoweverManyReadersHaveIt() {
        RelatedPapers related = new RelatedPapers(SynonymsTest.DAY, List::of);
        List<String> examples = List.of(title("ShadowKV:"), title("OTOv3:"));
        List<RelatedPapers.Hit> first = related.hits(examples);
        assertThat(related.hits(new ArrayList<>(examples))).isSameAs(first);
        // of several examples, a paper like two is listed once, with the one it is most like
        assertThat(first).extracting(RelatedPapers.Hit::position).doesNotHaveDuplicates();
        assertThat(first).extracting(RelatedPapers.Hit::similarity).isSortedAccordingTo(Collections.reverseOrder());
    }

    @Test
    void theStatisticsAreThoseOfEveryDayTheTableHolds() {
        // another day's paper is an example the day's papers can be like, though it is not shown itself
        Paper other = SynonymsTest.DAY.get(position("VOCABTRIM:"));
        List<Paper> today = SynonymsTest.DAY.stream().filter(p -> p != other).toList();
        RelatedPapers related = new RelatedPapers(today, () -> List.of(
                new org.paperdigest.ingest.PaperStore.StoredText("2506.22694", other.title(), other.summary())));
        List<RelatedPapers.Hit> hits = related.hits(List.of("arXiv:2506.22694v2"));
        assertThat(hits).isNotEmpty().allMatch(h -> h.example().equals(other.title()));
    }

    private static List<String> related(List<String> like, int max, List<String> excludes, BitSet leftOut) {
        return DAY.select(List.of(), excludes, like, max, leftOut).stream().map(p -> p.paper().title()).toList();
    }

    static String title(String start) {
        return SynonymsTest.DAY.get(position(start)).title();
    }

    static int position(String start) {
        return SynonymsTest.DAY.stream().filter(p -> p.title().startsWith(start)).findFirst().orElseThrow().position();
    }
}
