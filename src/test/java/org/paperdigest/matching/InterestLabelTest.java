package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterestLabelTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(delimiter = '|', value = {
            "KV cache                                    | KV cache",
            "mixture-of-experts                          | mixture-of-experts",
            "reinforcement learning AND reasoning        | reinforcement learning and reasoning",
            "quantization OR pruning                     | quantization or pruning",
            "diffusion NOT video                         | diffusion",
            "diffusion -video                            | diffusion -video",
            "'\"vision transformer\" AND +segmentation'  | vision transformer and segmentation",
            "(speculative OR parallel) AND decoding      | speculative or parallel and decoding",
            "title:agents AND memory                     | agents and memory",
            "  spaced out  AND  words                    | spaced out and words"})
    void showsTheWordsAsWrittenWithoutTheQuerySyntax(String interest, String label) {
        assertThat(InterestLabel.of(interest)).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NOT survey", "'\"unclosed AND'"})
    void fallsBackToTheInterestWhenNoWordsRemainOrTheSyntaxIsNotLucenes(String interest) {
        assertThat(InterestLabel.of(interest)).isEqualTo(interest.strip());
    }
}
