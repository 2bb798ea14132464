package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.lucene.search.IndexSearcher;
import org.junit.jupiter.api.Test;
import org.paperdigest.ingest.Paper;

/** What validation accepts is what the day's matcher can run, and its reasons are one short line. */
class InterestQueriesTest {

    final InterestQueries queries = new InterestQueries(new MatchingProperties("none"));
    final DayMatcher day = DayMatchers.of(DayIndex.of(List.of(new Paper(0, null, "term1 in the title",
            "term2 in the abstract", List.of(), null, null)), queries));

    static String anyOf(int terms) {
        return IntStream.range(0, terms).mapToObj(i -> "term" + i).collect(Collectors.joining(" OR "));
    }

    @Test
    void anInterestOfMoreClausesThanLuceneAllowsIsRefusedWithItsCount() {
        assertThat(IndexSearcher.getMaxClauseCount()).isEqualTo(1024);
        // each word is one clause for the title and one for the abstract: 900 words make 1,800
        assertThatThrownBy(() -> queries.validate(anyOf(900)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("it makes 1,800 query clauses (a word counts once for the title and once for the"
                        + " abstract), more than Lucene's limit of 1,024");
        assertThatThrownBy(() -> queries.validate(anyOf(513))).hasMessageStartingWith("it makes 1,026 query clauses");
        assertThatCode(() -> queries.validate(anyOf(512))).doesNotThrowAnyException();
    }

    @Test
    void everyInterestValidationAcceptsTheMatcherRunsAndEveryOneItRefusesForItsSizeItCouldNot() {
        for (String interest : List.of(anyOf(400), anyOf(512), "(" + anyOf(300) + ") AND NOT term7",
                "\"term1 in the\" OR " + anyOf(510), "term1* OR " + anyOf(511), "term1~ OR " + anyOf(511))) {
            assertThatCode(() -> queries.validate(interest)).as(interest).doesNotThrowAnyException();
            assertThat(day.select(List.of(interest), List.of(interest), 10, null)).as(interest).isEmpty();
            assertThat(day.select(List.of(interest), List.of(), 10, null)).as(interest).hasSize(1);
        }
        for (String interest : List.of(anyOf(513), anyOf(900), "(" + anyOf(600) + ") AND term1")) {
            assertThatThrownBy(() -> queries.validate(interest)).as(interest).hasMessageContaining("query clauses");
            assertThatThrownBy(() -> day.select(List.of(interest), List.of(), 10, null)).as(interest)
                    .isInstanceOf(IndexSearcher.TooManyClauses.class);
        }
    }

    @Test
    void interestsAreLimitedEachAloneBecauseTheMatcherRunsThemOneByOne() {
        // 800 clauses each, 2,400 together: the matcher searches each interest and each exclude on its own
        List<String> interests = List.of(anyOf(400), anyOf(400).replace("term", "word") + " OR term1", anyOf(400));
        interests.forEach(queries::validate);

        assertThat(day.select(interests, List.of(anyOf(400).replace("term", "other")), 10, null)).hasSize(1);
    }

    @Test
    void aQueryWithMoreClausesThanOneBooleanQueryHoldsIsRefusedInOneShortLine() {
        assertThatThrownBy(() -> queries.validate(anyOf(2_000)))
                .hasMessage("it makes more query clauses than Lucene's limit of 1,024");
    }

    @Test
    void aSyntaxErrorIsOneShortLineThatDoesNotEchoTheQuery() {
        String unbalanced = "(" + anyOf(400); // within the clause limit, echoed back in 3 KB

        assertThatThrownBy(() -> queries.validate(unbalanced))
                .hasMessage("not a valid query: Encountered \"<EOF>\" at line 1, column " + unbalanced.length() + ".");
        assertThatThrownBy(() -> queries.validate("a AND \"b"))
                .hasMessage("not a valid query: Lexical error at line 1, column 9.");
    }
}
