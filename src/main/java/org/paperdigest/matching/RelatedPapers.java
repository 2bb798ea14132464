package org.paperdigest.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.subscribers.SubscriberEntry;

/**
 * The papers of a day most like a reader's example papers: Lucene's
 * {@link org.apache.lucene.queries.mlt.MoreLikeThis} over title and abstract ({@link ExampleIndex}), its tf-idf
 * statistics taken over the papers table {@code paper} holds (all days, up to the latest
 * {@link Matching#HISTORY_PAPERS}, so that the words common in the field weigh little) and the day's. A paper's
 * similarity to an example is the example's query's score for it over the
 * example's score for itself (0 to 1 whatever the example's length), taken both ways, the lesser kept; those at
 * {@link #BOUND} or more are kept. Built when first asked, so that a day without readers with examples costs
 * nothing; each distinct list of examples is searched once.
 */
final class RelatedPapers {

    /** Calibrated on the sample day: see the README's matching section and RelatedPapersTest. */
    static final double BOUND = 0.27;

    /** A paper of the day like an example, with the example's title. */
    record Hit(int position, double similarity, String example) {
    }

    private final List<Paper> day;
    private final Supplier<List<PaperStore.StoredText>> history;
    private final Map<List<String>, List<Hit>> hitsByExamples = new ConcurrentHashMap<>();
    private volatile ExampleIndex corpus;

    /** @param history every paper of every day, read when a reader first has examples */
    RelatedPapers(List<Paper> day, Supplier<List<PaperStore.StoredText>> history) {
        this.day = day;
        this.history = history;
    }

    /** The day's papers like any of the examples, most alike first (then earlier on the page). */
    List<Hit> hits(List<String> examples) {
        List<Hit> hits = hitsByExamples.get(examples);
        return hits != null ? hits : hitsByExamples.computeIfAbsent(List.copyOf(examples), this::search);
    }

    private List<Hit> search(List<String> examples) {
        ExampleIndex c = corpus();
        Map<Integer, Hit> best = new HashMap<>();
        try {
            for (String example : examples) {
                Integer doc = c.docOf().get(SubscriberEntry.exampleKey(example));
                if (doc == null) {
                    continue; // not loaded yet: the sync warned of it
                }
                String title = c.searcher().storedFields().document(doc).get(ExampleIndex.TITLE);
                for (Map.Entry<Integer, Double> forward : c.forward(doc).entrySet()) {
                    int position = forward.getKey();
                    // the lesser of the two ways is at most the forward one: the way back only for those that pass
                    double similarity = forward.getValue() < BOUND ? 0
                            : c.similarity(doc, c.dayDocs()[position], forward.getValue());
                    Hit hit = best.get(position);
                    if (similarity >= BOUND && (hit == null || similarity > hit.similarity())) {
                        best.put(position, new Hit(position, similarity, title));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Hit> hits = new ArrayList<>(best.values());
        hits.sort(Comparator.comparingDouble(Hit::similarity).reversed().thenComparingInt(Hit::position));
        return List.copyOf(hits);
    }

    private ExampleIndex corpus() {
        ExampleIndex c = corpus;
        if (c == null) {
            synchronized (this) {
                c = corpus;
                if (c == null) {
                    c = ExampleIndex.of(day, history.get());
                    corpus = c;
                }
            }
        }
        return c;
    }
}
