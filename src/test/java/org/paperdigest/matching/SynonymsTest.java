package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperFiles;

/**
 * Synonyms on the sample day, against a judged set: for each interest, the papers that only a synonym can find
 * (each read and judged wanted: it uses the acronym's expansion, or the acronym, in the sense asked for). With the
 * packaged synonyms an interest keeps every paper its words find, gains exactly those, and nothing else.
 */
class SynonymsTest {

    static final List<Paper> DAY = PaperFiles.read(Path.of("samples/hf-daily-papers-jul-29.txt"));
    static final DayMatcher LITERAL =
            DayMatchers.of(DayIndex.of(DAY, new InterestQueries(new MatchingProperties("none"))));
    static final DayMatcher SYNONYMS = DayMatchers.of(DayIndex.of(DAY, new InterestQueries(new MatchingProperties(""))));

    /** Interest, then the titles (their start) of the papers only its synonyms find. */
    static final Map<String, List<String>> ONLY_THROUGH_SYNONYMS = Map.ofEntries(
            Map.entry("RL", List.of("DeepSeek-Prover-V2", "MuDreamer")),
            Map.entry("reinforcement learning", List.of()),
            Map.entry("ViT", List.of("DeepStack", "MetaFormer Is Actually")),
            Map.entry("vision transformer", List.of("AQUA20", "InceptionNeXt", "A Multi-Level Framework for Accelerating")),
            Map.entry("CoT", List.of("DeepSeek-Prover-V2")),
            Map.entry("chain of thought", List.of("Light-R1")),
            Map.entry("VLM", List.of("ZipVL", "DeepSeek-VL:", "MonkeyOCR")),
            Map.entry("MLLM", List.of("Multi-Stage Vision Token Dropping", "Bootstrapping SparseFormers")),
            Map.entry("SFT", List.of("Qwen2.5-1M")),
            Map.entry("LLM", List.of("First Finish Search", "Multi-Stage Vision Token Dropping", "γ-MoD",
                    "DeepSeek-Prover-V2", "DeepSeekMoE", "p-MoD", "Towards Realistic Zero-Shot Classification",
                    "Kangaroo", "CLIP-MoE", "Uni-3DAR", "Bootstrapping SparseFormers")),
            Map.entry("MoE", List.of()),
            Map.entry("KV cache", List.of()),
            Map.entry("RAG", List.of()),
            Map.entry("speculative decoding", List.of()),
            Map.entry("reasoning", List.of()));

    @Test
    void synonymsFindTheJudgedPapersAndNoOthersWhileKeepingEveryLiteralMatch() {
        ONLY_THROUGH_SYNONYMS.forEach((interest, judged) -> {
            List<String> literal = titles(LITERAL, interest);
            List<String> withSynonyms = titles(SYNONYMS, interest);
            assertThat(withSynonyms).as(interest).containsAll(literal);
            List<String> gained = new ArrayList<>(withSynonyms);
            gained.removeAll(literal);
            assertThat(gained).as(interest).hasSameSizeAs(judged)
                    .allSatisfy(title -> assertThat(judged).as(interest + ": " + title).anyMatch(title::startsWith));
        });
    }

    @Test
    void aLiteralMatchRanksAboveASynonymMatchInTheSamePlace() {
        List<Paper> papers = List.of(
                new Paper(0, null, "A", "We train the policy with reinforcement learning.", List.of(), null, null),
                new Paper(1, null, "B", "We train the policy with RL.", List.of(), null, null));
        DayMatcher day = DayMatchers.of(DayIndex.of(papers, new InterestQueries(new MatchingProperties(""))));

        assertThat(titles(day, "RL")).containsExactly("B", "A");
        assertThat(titles(day, "reinforcement learning")).containsExactly("A", "B");
    }

    @Test
    void anAcronymIsAWholeWordAndAQuotedInterestIsLiteral() {
        List<Paper> papers = List.of(
                new Paper(0, null, "A", "Alignment with RLHF and reward models.", List.of(), null, null),
                new Paper(1, null, "B", "Reinforcement learning for control.", List.of(), null, null),
                new Paper(2, null, "C", "The world of RL agents.", List.of(), null, null));
        DayMatcher day = DayMatchers.of(DayIndex.of(papers, new InterestQueries(new MatchingProperties(""))));

        assertThat(titles(day, "RL")).containsExactlyInAnyOrder("B", "C");
        assertThat(titles(day, "\"RL\"")).containsExactly("C");
    }

    @Test
    void noneTurnsThemOff() {
        DayMatcher off = DayMatchers.of(DayIndex.of(DAY, new InterestQueries(new MatchingProperties("none"))));

        ONLY_THROUGH_SYNONYMS.keySet().forEach(interest ->
                assertThat(titles(off, interest)).as(interest).isEqualTo(titles(LITERAL, interest)));
    }

    @Test
    void aBadRuleOrByteIsOneLineNamingItsLine(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.txt"), "LLM, large language model\nfoo => bar => baz\n");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "LLM, large language model\ncaf\u00e9, coffee\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> Synonyms.load(rules.toString())).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(rules + ":2: not a synonyms line: ");
        assertThatThrownBy(() -> Synonyms.load(latin1.toString())).isInstanceOf(BadInputException.class)
                .hasMessage(latin1 + ":2: not UTF-8: byte 0xE9 at offset 29 (line 2)");
    }

    private static List<String> titles(DayMatcher day, String interest) {
        return day.select(List.of(interest), List.of(), 200, null).stream().map(m -> m.paper().title()).toList();
    }
}
