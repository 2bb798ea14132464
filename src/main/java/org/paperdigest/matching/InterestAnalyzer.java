package org.paperdigest.matching;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * One analysis for papers and interests alike: Unicode word boundaries (so a hyphen separates words
 * as a space does, and "RL" is never found inside "world"), lower case, accents folded, and
 * plurals reduced to the singular. No stop words: "mixture of experts" must keep its "of".
 */
final class InterestAnalyzer extends Analyzer {

    private final SynonymMap synonyms;

    InterestAnalyzer() {
        this(null);
    }

    /** @param synonyms applied after the rest, to interests only (the papers are indexed as written) */
    InterestAnalyzer(SynonymMap synonyms) {
        this.synonyms = synonyms;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(source);
        stream = new ASCIIFoldingFilter(stream);
        stream = new EnglishMinimalStemFilter(stream);
        if (synonyms != null) {
            stream = new SynonymGraphFilter(stream, synonyms, true);
        }
        return new TokenStreamComponents(source, stream);
    }
}
