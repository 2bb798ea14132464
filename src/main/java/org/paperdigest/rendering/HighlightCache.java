package org.paperdigest.rendering;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Span;

/**
 * Highlighted titles and snippets depend only on the paper and where it matched, which many
 * subscribers share (same interests, same paper): cut them once, not once per subscriber.
 */
final class HighlightCache {

    // A day has about a hundred papers and each paper a few distinct match sets; this bounds a long schedule run.
    private static final int MAX_ENTRIES = 50_000;

    record Highlighted(List<Segment> title, List<Segment> snippet) {
    }

    private record Key(Paper paper, List<Span> titleSpans, List<Span> summarySpans) {
    }

    private final Map<Key, Highlighted> cache = new ConcurrentHashMap<>();

    Highlighted of(MatchedPaper matched) {
        Key key = new Key(matched.paper(), matched.titleSpans(), matched.summarySpans());
        Highlighted found = cache.get(key);
        if (found == null) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            found = new Highlighted(Highlights.whole(key.paper().title(), key.titleSpans()),
                    Highlights.snippet(key.paper().summary(), key.summarySpans()));
            cache.put(key, found);
        }
        return found;
    }
}
