package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.Paper;

class DayMatcherTest {

    final InterestQueries queries = new InterestQueries(new MatchingProperties("none"));
    final List<Paper> papers = new ArrayList<>();

    DayMatcher day(String... titleThenAbstract) {
        for (int i = 0; i < titleThenAbstract.length; i += 2) {
            papers.add(new Paper(papers.size(), null, titleThenAbstract[i], titleThenAbstract[i + 1], List.of(), null, null));
        }
        return DayMatchers.of(DayIndex.of(papers, queries));
    }

    List<String> titles(DayMatcher day, String... interests) {
        return day.select(List.of(interests), List.of(), 10, null).stream().map(m -> m.paper().title()).toList();
    }

    @Test
    void aMultiWordInterestIsAPhraseNotABagOfWords() {
        DayMatcher day = day("A", "We use speculative decoding here.", "B", "Decoding is speculative at best.",
                "C", "Speculative methods for decoding.");

        assertThat(titles(day, "speculative decoding")).containsExactly("A");
    }

    @Test
    void caseHyphensAndPluralsDoNotMatter() {
        DayMatcher day = day("Sparse Mixture-of-Experts", "x", "B", "a mixture of experts model", "C",
                "we improve Code Completion", "D", "mixtures of expertise");

        assertThat(titles(day, "mixture of experts")).containsExactly("Sparse Mixture-of-Experts", "B");
        assertThat(titles(day, "MIXTURE-OF-EXPERTS")).containsExactly("Sparse Mixture-of-Experts", "B");
        assertThat(titles(day, "code completions")).containsExactly("C");
    }

    @Test
    void wholeWordsOnly() {
        DayMatcher day = day("World models", "A controlled world.", "B", "Offline RL with RLHF.", "C", "Uses RLHF only.");

        assertThat(titles(day, "RL")).containsExactly("B");
    }

    @Test
    void lettersBeyondAscii() {
        DayMatcher day = day("γ-MoD: Mixture of Depths", "x", "Naïve Bayes revisited", "y", "MoD", "plain mod");

        assertThat(titles(day, "γ-MoD")).containsExactly("γ-MoD: Mixture of Depths");
        assertThat(titles(day, "naive bayes")).containsExactly("Naïve Bayes revisited");
    }

    @Test
    void booleanInterestsAreQueries() {
        DayMatcher day = day("A", "diffusion for video", "B", "diffusion for images", "C", "video transformers",
                "D", "a mixture of experts for video");

        assertThat(titles(day, "diffusion AND video")).containsExactly("A");
        assertThat(titles(day, "diffusion AND NOT video")).containsExactly("B");
        assertThat(titles(day, "(images OR transformers) AND NOT diffusion")).containsExactly("C");
        assertThat(titles(day, "\"mixture of experts\" AND video")).containsExactly("D");
        assertThat(titles(day, "mixture-of-experts AND video")).containsExactly("D");
    }

    @Test
    void invalidQueriesAreRejectedWithAReason() {
        assertThatThrownBy(() -> queries.validate("(diffusion AND")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid query");
        assertThatThrownBy(() -> queries.validate("NOT video")).hasMessageContaining("use exclude");
        assertThatThrownBy(() -> queries.validate("--")).hasMessage("it has no words to match");
    }

    @Test
    void excludesRemovePapers() {
        DayMatcher day = day("Medusa heads", "speculative decoding with Medusa", "B", "speculative decoding");

        assertThat(day.select(List.of("speculative decoding"), List.of("medusa"), 10, null))
                .extracting(m -> m.paper().title()).containsExactly("B");
    }

    @Test
    void titleMatchesAndSeveralInterestsRankHigherAndMaxPapersKeepsTheBest() {
        DayMatcher day = day("Unrelated", "quantization is mentioned in passing here.",
                "Quantization for LLMs", "A study.",
                "KV cache quantization", "Compressing the KV cache with quantization.");

        List<MatchedPaper> matched = day.select(List.of("quantization", "KV cache"), List.of(), 2, null);

        assertThat(matched).extracting(m -> m.paper().title())
                .containsExactly("KV cache quantization", "Quantization for LLMs");
        assertThat(matched.get(0).interests()).containsExactly("quantization", "KV cache");
        assertThat(matched.get(0).titleSpans()).containsExactly(new Span(0, 8), new Span(9, 21));
    }

    @Test
    void spansOfSeveralInterestsAreMergedSortedAndWithoutRepeats() {
        DayMatcher day = day("KV cache quantization and KV cache", "quantization of the KV cache");

        MatchedPaper matched = day.select(List.of("KV cache", "quantization", "kv cache"), List.of(), 10, null).get(0);

        assertThat(matched.interests()).containsExactly("KV cache", "quantization", "kv cache");
        assertThat(matched.titleSpans()).containsExactly(new Span(0, 8), new Span(9, 21), new Span(26, 34));
        assertThat(matched.summarySpans()).containsExactly(new Span(0, 12), new Span(20, 28));
        double kvCache = day.select(List.of("KV cache"), List.of(), 10, null).get(0).score();
        double quantization = day.select(List.of("quantization"), List.of(), 10, null).get(0).score();
        assertThat(matched.score()).isEqualTo(kvCache + quantization + kvCache);
    }

    @Test
    void noPapersWhenNoneAreWanted() {
        DayMatcher day = day("KV cache", "x");

        assertThat(day.select(List.of("KV cache"), List.of(), 0, null)).isEmpty();
        assertThatThrownBy(() -> day.select(List.of("KV cache"), List.of(), -1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
