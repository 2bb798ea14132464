package org.paperdigest.matching;

import java.util.Map;
import java.util.regex.Pattern;

import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
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

    private static final Pattern BOOLEAN_SYNTAX = Pattern.compile("[\"()]|\\b(AND|OR|NOT)\\b");

    private final InterestAnalyzer analyzer = new InterestAnalyzer();

    Query parse(String interest) {
        String text = interest.strip();
        return BOOLEAN_SYNTAX.matcher(text).find() ? parseBoolean(text) : parsePhrase(text);
    }

    @Override
    public void validate(String interest) {
        parse(interest);
    }

    InterestAnalyzer analyzer() {
        return analyzer;
    }

    private Query parsePhrase(String text) {
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query title = builder.createPhraseQuery(TITLE, text);
        Query summary = builder.createPhraseQuery(SUMMARY, text);
        if (title == null || summary == null) {
            throw new IllegalArgumentException("it has no words to match");
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
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("not a valid query: " + reason.lines().findFirst().orElse("").strip(), e);
        }
        if (onlyProhibited(query)) {
            throw new IllegalArgumentException("a query of only NOT clauses matches nothing; use exclude instead");
        }
        return query;
    }

    private static boolean onlyProhibited(Query query) {
        if (query instanceof BooleanQuery bool) {
            return !bool.clauses().isEmpty()
                    && bool.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT);
        }
        return false;
    }
}
