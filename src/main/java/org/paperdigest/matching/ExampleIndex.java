package org.paperdigest.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.subscribers.SubscriberEntry;

/**
 * The index {@link RelatedPapers} searches: the day's papers and the known ones of other days, each paper once,
 * title and abstract stemmed (English), with each paper's {@link MoreLikeThis} query once it is asked for.
 *
 * @param positionOfDoc a document's position in the day's list, -1 for a paper of another day
 * @param dayDocs       the document of each paper of the day, by position
 */
record ExampleIndex(IndexSearcher searcher, MoreLikeThis mlt, Map<String, Integer> docOf, int[] positionOfDoc,
        int[] dayDocs, Map<Integer, Own> queries) {

    static final String TITLE = "title";
    private static final String SUMMARY = "summary";
    private static final String POSITION = "position";
    private static final int MAX_QUERY_TERMS = 25;

    /** A paper's query, and its score for the paper itself; query null when none of its words says anything. */
    private record Own(Query query, double self) {
    }

    static ExampleIndex of(List<Paper> day, List<PaperStore.StoredText> history) {
        Analyzer analyzer = new EnglishAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        Map<String, Integer> docOf = new HashMap<>();
        List<Integer> positions = new ArrayList<>();
        // a log merge policy merges neighbouring segments only: documents keep the numbers they were added at
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setMergePolicy(new LogByteSizeMergePolicy());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Paper p : day) {
                add(writer, docOf, positions, p.position(), p.id(), p.title(), p.summary());
            }
            Set<String> seen = new HashSet<>(docOf.keySet());
            for (PaperStore.StoredText k : history) {
                String title = SubscriberEntry.exampleKey(k.title());
                if (!seen.contains(title) && (k.id() == null || !seen.contains(k.id()))) {
                    add(writer, docOf, positions, -1, k.id(), k.title(), k.summary());
                    seen.add(title);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DirectoryReader reader = DirectoryReader.open(directory);
            MoreLikeThis mlt = new MoreLikeThis(reader);
            mlt.setAnalyzer(analyzer);
            mlt.setFieldNames(new String[] {TITLE, SUMMARY});
            // abstracts are short: a word said once is a word of the paper; one no other paper has tells nothing
            mlt.setMinTermFreq(1);
            mlt.setMinDocFreq(2);
            mlt.setMaxQueryTerms(MAX_QUERY_TERMS);
            mlt.setBoost(true);
            int[] dayDocs = new int[day.stream().mapToInt(Paper::position).max().orElse(-1) + 1];
            for (int doc = 0; doc < positions.size(); doc++) {
                if (positions.get(doc) >= 0) {
                    dayDocs[positions.get(doc)] = doc;
                }
            }
            return new ExampleIndex(new IndexSearcher(reader), mlt, docOf,
                    positions.stream().mapToInt(Integer::intValue).toArray(), dayDocs, new ConcurrentHashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(IndexWriter writer, Map<String, Integer> docOf, List<Integer> positions, int position,
            String id, String title, String summary) throws IOException {
        Document doc = new Document();
        doc.add(new StoredField(POSITION, position));
        doc.add(new Field(TITLE, title, TextField.TYPE_STORED));
        doc.add(new Field(SUMMARY, summary, TextField.TYPE_STORED));
        writer.addDocument(doc);
        int number = positions.size();
        positions.add(position);
        docOf.putIfAbsent(SubscriberEntry.exampleKey(title), number);
        if (id != null) {
            docOf.putIfAbsent(id, number);
        }
    }

    private Own own(int doc) throws IOException {
        Own own = queries.get(doc);
        if (own == null) {
            Query query = mlt.like(doc);
            if (query.toString().isEmpty()) {
                own = new Own(null, 0);
            } else {
                double self = searcher.explain(query, doc).getValue().doubleValue();
                own = new Own(self > 0 ? query : null, self);
            }
            queries.putIfAbsent(doc, own);
        }
        return own;
    }

    /** The day's papers the example's query finds, but the example itself, by position: score over its own. */
    Map<Integer, Double> forward(int example) throws IOException {
        Own own = own(example);
        Map<Integer, Double> similarities = new HashMap<>();
        if (own.query() == null) {
            return similarities;
        }
        for (ScoreDoc hit : searcher.search(own.query(), Math.max(1, positionOfDoc.length)).scoreDocs) {
            int position = positionOfDoc[hit.doc];
            if (hit.doc != example && position >= 0) {
                similarities.put(position, hit.score / own.self());
            }
        }
        return similarities;
    }

    /** The lesser of the forward similarity and the candidate's own query's for the example. */
    double similarity(int example, int candidate, double forward) throws IOException {
        Own back = own(candidate);
        if (back.query() == null || forward == 0) {
            return 0;
        }
        return Math.min(forward, searcher.explain(back.query(), example).getValue().doubleValue() / back.self());
    }
}
