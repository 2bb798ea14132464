package org.paperdigest.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.paperdigest.ingest.Paper;

/**
 * An in-memory Lucene index of one day's papers. Each distinct interest is searched once and its
 * hits cached, since many subscribers share interests.
 */
final class DayIndex {

    private static final String POSITION = "position";
    // Offsets in the postings let the Matches API say where a phrase matched, for highlighting.
    private static final FieldType TEXT_WITH_OFFSETS = new FieldType(TextField.TYPE_NOT_STORED);

    static {
        TEXT_WITH_OFFSETS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_WITH_OFFSETS.freeze();
    }

    private final List<Paper> papers;
    private final InterestQueries queries;
    private final IndexSearcher searcher;
    private final int[] positionOfDoc;
    private final Map<String, List<InterestHit>> hitsByInterest = new ConcurrentHashMap<>();
    private final Map<String, String> labelByInterest = new ConcurrentHashMap<>();

    private DayIndex(List<Paper> papers, InterestQueries queries, DirectoryReader reader) throws IOException {
        this.papers = List.copyOf(papers);
        this.queries = queries;
        this.searcher = new IndexSearcher(reader);
        this.positionOfDoc = new int[reader.maxDoc()];
        var stored = reader.storedFields();
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
            positionOfDoc[doc] = stored.document(doc).getField(POSITION).numericValue().intValue();
        }
    }

    static DayIndex of(List<Paper> papers, InterestQueries queries) {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(queries.analyzer()))) {
            for (Paper paper : papers) {
                Document doc = new Document();
                doc.add(new StoredField(POSITION, paper.position()));
                doc.add(new Field(InterestQueries.TITLE, paper.title(), TEXT_WITH_OFFSETS));
                doc.add(new Field(InterestQueries.SUMMARY, paper.summary(), TEXT_WITH_OFFSETS));
                writer.addDocument(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new DayIndex(papers, queries, DirectoryReader.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Paper> papers() {
        return papers;
    }

    Paper paper(int position) {
        return papers.get(position);
    }

    /** The papers the interest matches, best first. */
    List<InterestHit> hits(String interest) {
        String key = interest.strip();
        List<InterestHit> hits = hitsByInterest.get(key);
        return hits != null ? hits : hitsByInterest.computeIfAbsent(key, this::search);
    }

    /** The interest as a reader sees it: {@link InterestLabel}, once per distinct interest of the day. */
    String label(String interest) {
        String key = interest.strip();
        String label = labelByInterest.get(key);
        return label != null ? label : labelByInterest.computeIfAbsent(key, InterestLabel::of);
    }

    private List<InterestHit> search(String interest) {
        try {
            Query query = searcher.rewrite(queries.parse(interest));
            ScoreDoc[] top = searcher.search(query, Math.max(1, papers.size())).scoreDocs;
            Weight weight = searcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            List<InterestHit> hits = new ArrayList<>(top.length);
            for (ScoreDoc hit : top) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                Matches matches = weight.matches(leaf, hit.doc - leaf.docBase);
                hits.add(new InterestHit(positionOfDoc[hit.doc], hit.score,
                        spans(matches, InterestQueries.TITLE), spans(matches, InterestQueries.SUMMARY)));
            }
            return List.copyOf(hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Span> spans(Matches matches, String field) throws IOException {
        MatchesIterator it = matches == null ? null : matches.getMatches(field);
        if (it == null) {
            return List.of();
        }
        // Sorted and without repeats, as the matcher's union of several interests' spans is.
        Set<Span> spans = new TreeSet<>();
        while (it.next()) {
            if (it.startOffset() >= 0) {
                spans.add(new Span(it.startOffset(), it.endOffset()));
            }
        }
        return List.copyOf(spans);
    }
}
