package org.paperdigest.matching;

import java.util.function.Supplier;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * The clauses of a query as IndexSearcher counts them against its maxClauseCount: every leaf query and every
 * term consumer, nested or not, prohibited or not.
 */
final class ClauseCount extends QueryVisitor {

    private int clauses;

    private ClauseCount() {
    }

    static int of(Query query) {
        ClauseCount count = new ClauseCount();
        query.visit(count);
        return count.clauses;
    }

    @Override
    public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this; // MUST_NOT clauses count too
    }

    @Override
    public void visitLeaf(Query query) {
        clauses++;
    }

    @Override
    public void consumeTerms(Query query, Term... terms) {
        clauses++;
    }

    @Override
    public void consumeTermsMatching(Query query, String field, Supplier<ByteRunAutomaton> automaton) {
        clauses++;
    }
}
