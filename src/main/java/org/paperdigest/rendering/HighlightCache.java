package org.paperdigest.rendering;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Span;

/**
 * Highlighted titles and snippets depend only on the paper and where it matched, which many
 * subscribers share (same interests, same paper): cut them once, not once per subscriber. The paper's
 * links and author line are made here too, once, so that equal paper entries share their strings and
 * compare fast where finished entries are kept ({@link MemoizedSection}).
 */
final class HighlightCache {

    // A day has about a hundred papers and each paper a few distinct match sets; this bounds a long schedule run.
    private static final int MAX_ENTRIES = 50_000;

    private static final int AUTHORS_SHOWN = 5;

    record Highlighted(List<Segment> title, List<Segment> snippet, String link, String huggingFaceUrl,
            String arxivUrl, String codeUrl, String authors) {
    }

    /**
     * The paper is compared by identity: a day's matcher hands out the same instances, and hashing and
     * comparing whole papers (abstract, authors) for every paper of every subscriber is work for nothing.
     */
    private record Key(Paper paper, List<Span> titleSpans, List<Span> summarySpans) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.paper == paper && k.titleSpans.equals(titleSpans)
                    && k.summarySpans.equals(summarySpans);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(paper) * 31 + titleSpans.hashCode()) * 31 + summarySpans.hashCode();
        }
    }

    private final Map<Key, Highlighted> cache = new ConcurrentHashMap<>();

    Highlighted of(MatchedPaper matched) {
        Key key = new Key(matched.paper(), matched.titleSpans(), matched.summarySpans());
        Highlighted found = cache.get(key);
        if (found == null) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            Paper p = key.paper();
            found = new Highlighted(Segments.of(Highlights.whole(p.title(), key.titleSpans())),
                    Segments.of(Highlights.snippet(p.summary(), key.summarySpans())), p.link(),
                    p.huggingFaceUrl(), p.arxivUrl(), p.codeUrl(), authors(p.authors()));
            cache.put(key, found);
        }
        return found;
    }

    private static String authors(List<String> authors) {
        if (authors.isEmpty()) {
            return null;
        }
        String shown = String.join(", ", authors.subList(0, Math.min(AUTHORS_SHOWN, authors.size())));
        return authors.size() > AUTHORS_SHOWN ? shown + " et al." : shown;
    }
}
