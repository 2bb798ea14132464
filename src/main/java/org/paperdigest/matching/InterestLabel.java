package org.paperdigest.matching;

import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.queryparser.flexible.core.QueryNodeException;
import org.apache.lucene.queryparser.flexible.core.nodes.AndQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.FieldQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.ModifierQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.OrQueryNode;
import org.apache.lucene.queryparser.flexible.core.nodes.QueryNode;
import org.apache.lucene.queryparser.flexible.standard.parser.StandardSyntaxParser;
import org.paperdigest.subscribers.InterestValidator;

/**
 * An interest as a reader sees it in a subject and under a paper: the words as written, without the query
 * syntax ("reinforcement learning AND reasoning NOT survey" reads "reinforcement learning and reasoning").
 * Lucene's own syntax parser finds the words, so that quotes, fields, groups and NOT clauses are told apart
 * as matching tells them; an interest that matching runs as a phrase is its own label.
 */
final class InterestLabel {

    private InterestLabel() {
    }

    static String of(String interest) {
        String text = interest.strip();
        // The test matching uses: what it runs as a phrase is shown as written.
        if (!InterestValidator.BOOLEAN_SYNTAX.matcher(text).find()) {
            return text;
        }
        try {
            String label = words(new StandardSyntaxParser().parse(text, InterestQueries.SUMMARY));
            return label == null || label.isBlank() ? text : label;
        } catch (QueryNodeException | RuntimeException e) {
            // Matching has accepted the interest (its classic parser); a label is only for show.
            return text;
        }
    }

    /** The node's words, null for a NOT clause or a node without words. */
    private static String words(QueryNode node) {
        if (node instanceof FieldQueryNode field) {
            return field.getTextAsString();
        }
        if (node instanceof ModifierQueryNode modifier) {
            return modifier.getModifier() == ModifierQueryNode.Modifier.MOD_NOT ? null : words(modifier.getChild());
        }
        if (node.isLeaf()) {
            return null; // a range or match-all: no words to show
        }
        String joint = node instanceof AndQueryNode ? " and " : node instanceof OrQueryNode ? " or " : " ";
        List<String> parts = new ArrayList<>();
        for (QueryNode child : node.getChildren()) {
            String words = words(child);
            if (words != null && !words.isBlank()) {
                parts.add(words);
            }
        }
        return parts.isEmpty() ? null : String.join(joint, parts);
    }
}
