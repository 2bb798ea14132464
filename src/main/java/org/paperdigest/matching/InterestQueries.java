package org.paperdigest.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.QueryBuilder;
import org.paperdigest.subscribers.InterestValidator;
import org.springframework.stereotype.Component;

/**
 * Turns an interest as a subscriber wrote it into a Lucene query over a paper's title and abstract.
 * A plain interest is a phrase; one written with AND, OR, NOT, quotes or parentheses is a boolean
 * query in Lucene's classic syntax, where words without an operator between them are all required.
 */
@Component
public class InterestQueries implements InterestValidator {

    static final String TITLE = "title";
    static final String SUMMARY = "summary";
    // A title match must outweigh an abstract match.
    static final float TITLE_BOOST = 3f;

    /** Lucene's parse messages can be long (a token echoed back, then every token expected): one sentence of it. */
    private static final int MAX_REASON_CHARS = 120;

    /**
     * Lets Lucene's own check of a query's clauses run at validation, for anything the count misses. The count is
     * of the query as parsed: rewriting it against the day's index adds no clause (a prefix or a fuzzy word stays
     * one), so what the count allows, the day's search runs.
     */
    private static final IndexSearcher EMPTY = emptySearcher();

    /** A paper found only through a synonym ranks below one that has the words as written. */
    static final float SYNONYM_WEIGHT = 0.5f;

    private final InterestAnalyzer analyzer = new InterestAnalyzer();
    /** Null without synonyms. */
    private final InterestAnalyzer synonyms;

    public InterestQueries(MatchingProperties properties) {
        SynonymMap map = Synonyms.load(properties.synonyms());
        this.synonyms = map == null ? null : new InterestAnalyzer(map);
    }

    Query parse(String interest) {
        String text = interest.strip();
        return InterestValidator.BOOLEAN_SYNTAX.matcher(text).find() ? parseBoolean(text) : parsePhrase(text);
    }

    /**
     * Parses the interest and checks that the day's index can run it: a subscriber's interests and excludes are
     * searched one by one (see {@link DayMatcher}), each within Lucene's limit on the clauses of one query.
     */
    @Override
    public void validate(String interest) {
        Query query = parse(interest);
        int clauses = ClauseCount.of(query);
        if (clauses > IndexSearcher.getMaxClauseCount()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "it makes %,d query clauses (a word counts"
                    + " once for the title and once for the abstract), more than Lucene's limit of %,d", clauses,
                    IndexSearcher.getMaxClauseCount()));
        }
        try {
            EMPTY.rewrite(query);
        } catch (IndexSearcher.TooManyClauses e) {
            throw tooManyClauses();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a query that Lucene refused to build or rewrite, so that its clauses were not counted. */
    private static IllegalArgumentException tooManyClauses() {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "it makes more query clauses than Lucene's limit of %,d", IndexSearcher.getMaxClauseCount()));
    }

    private static IndexSearcher emptySearcher() {
        try {
            return new IndexSearcher(new MultiReader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InterestAnalyzer analyzer() {
        return analyzer;
    }

    /**
     * A plain interest is a phrase, in the title or the abstract; with synonyms, the phrase or any of its
     * synonyms, those weighing less (the synonym query's graph holds the written words too).
     */
    private Query parsePhrase(String text) {
        Query literal = phrase(analyzer, text);
        if (literal == null) {
            throw new IllegalArgumentException("it has no words to match");
        }
        Query expanded = synonyms == null ? null : phrase(synonyms, text);
        if (expanded == null || expanded.equals(literal)) {
            return literal;
        }
        return new BooleanQuery.Builder()
                .add(literal, BooleanClause.Occur.SHOULD)
                .add(new BoostQuery(expanded, SYNONYM_WEIGHT), BooleanClause.Occur.SHOULD)
                .build();
    }

    private static Query phrase(InterestAnalyzer analyzer, String text) {
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query title = builder.createPhraseQuery(TITLE, text);
        Query summary = builder.createPhraseQuery(SUMMARY, text);
        if (title == null || summary == null) {
            return null;
        }
        return new BooleanQuery.Builder()
                .add(new BoostQuery(title, TITLE_BOOST), BooleanClause.Occur.SHOULD)
                .add(summary, BooleanClause.Occur.SHOULD)
                .build();
    }

    private Query parseBoolean(String text) {
        MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {TITLE, SUMMARY}, analyzer,
                Map.of(TITLE, TITLE_BOOST, SUMMARY, 1f));
        parser.setDefaultOperator(QueryParser.Operator.AND);
        // "mixture-of-experts" inside a boolean query is still one phrase, not three words anywhere.
        parser.setSplitOnWhitespace(true);
        parser.setAutoGeneratePhraseQueries(true);
        Query query;
        try {
            query = parser.parse(text);
        } catch (ParseException | RuntimeException e) {
            // the parser wraps what went wrong in "Cannot parse '<the whole query>': ...", which can be kilobytes
            Throwable cause = e instanceof ParseException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IndexSearcher.TooManyClauses) {
                throw tooManyClauses();
            }
            throw new IllegalArgumentException("not a valid query: " + firstSentence(cause), e);
        }
        if (onlyProhibited(query)) {
            throw new IllegalArgumentException("a query of only NOT clauses matches nothing; use exclude instead");
        }
        return query;
    }

    /** The first sentence of the exception's first line, at most {@link #MAX_REASON_CHARS} characters. */
    private static String firstSentence(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        int end = line.indexOf(". ");
        String sentence = end < 0 ? line : line.substring(0, end + 1);
        return sentence.length() <= MAX_REASON_CHARS ? sentence : sentence.substring(0, MAX_REASON_CHARS) + "...";
    }

    private static boolean onlyProhibited(Query query) {
        if (query instanceof BooleanQuery bool) {
            return !bool.clauses().isEmpty()
                    && bool.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT);
        }
        return false;
    }
}
