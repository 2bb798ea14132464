package org.paperdigest.rendering;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.mustachejava.Mustache;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Span;

/**
 * The paper entries of one run, each rendered once by its partial and shared by every subscriber whose
 * digest has it: an entry depends on nothing but the paper, where it matched, its number and the
 * interests that matched it, which many subscribers have in common. A plain cache owned by the run: it
 * holds a day's distinct entries and goes when the run does, so it needs no bound.
 */
final class PaperEntries {

    private static final int AUTHORS_SHOWN = 5;

    private final Templates.Compiled templates;
    private final Map<Key, Rendered> entries = new ConcurrentHashMap<>();
    private final Map<Match, Highlighted> highlights = new ConcurrentHashMap<>();

    /** A paper's entry as the text partial and as the HTML partial rendered it. */
    record Rendered(DigestView.Entry text, DigestView.Entry html) {
    }

    /**
     * What an entry depends on. Papers are compared by identity: a day's matcher hands out the same
     * instances, and comparing whole papers (abstract, authors) for every paper of every subscriber is
     * work for nothing.
     */
    private record Key(Paper paper, int number, List<Span> titleSpans, List<Span> summarySpans,
            List<String> interests, String relatedTo) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.paper == paper && k.number == number && k.titleSpans.equals(titleSpans)
                    && k.summarySpans.equals(summarySpans) && k.interests.equals(interests)
                    && java.util.Objects.equals(k.relatedTo, relatedTo);
        }

        @Override
        public int hashCode() {
            return ((System.identityHashCode(paper) * 31 + number) * 31 + titleSpans.hashCode()) * 31
                    + summarySpans.hashCode();
        }
    }

    /** Where a paper matched: its highlights depend on nothing else, and entries at other numbers share them. */
    private record Match(Paper paper, List<Span> titleSpans, List<Span> summarySpans) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Match m && m.paper == paper && m.titleSpans.equals(titleSpans)
                    && m.summarySpans.equals(summarySpans);
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(paper) * 31 + titleSpans.hashCode()) * 31 + summarySpans.hashCode();
        }
    }

    private record Highlighted(List<Highlights.Part> title, List<Highlights.Part> snippet) {
    }

    PaperEntries(Templates.Compiled templates) {
        this.templates = templates;
    }

    /** The entry of the paper at that number in a digest, rendered now if the run has not rendered it yet. */
    Rendered of(MatchedPaper paper, int number) {
        Rendered rendered = entries.get(new Key(paper.paper(), number, paper.titleSpans(), paper.summarySpans(),
                paper.interests(), paper.relatedTo()));
        if (rendered == null) {
            // Kept under copies: the matcher's lists are not ours to rely on staying as they are.
            Key key = new Key(paper.paper(), number, List.copyOf(paper.titleSpans()),
                    List.copyOf(paper.summarySpans()), List.copyOf(paper.interests()), paper.relatedTo());
            rendered = render(key);
            entries.putIfAbsent(key, rendered);
        }
        return rendered;
    }

    private Rendered render(Key key) {
        Paper p = key.paper();
        Highlighted h = highlights.computeIfAbsent(new Match(p, key.titleSpans(), key.summarySpans()),
                m -> new Highlighted(Highlights.whole(p.title(), m.titleSpans()),
                        Highlights.snippet(p.summary(), m.summarySpans())));
        DigestView.PaperView view = new DigestView.PaperView(key.number(), h.title(), p.link(), p.huggingFaceUrl(),
                p.arxivUrl(), p.pdfUrl(), p.searchUrl(), p.codeUrl(), authors(p.authors()), h.snippet(),
                key.relatedTo() == null ? String.join(", ", key.interests())
                        : "like \u201c" + key.relatedTo() + "\u201d");
        return new Rendered(entry(templates.paperText(), view), entry(templates.paperHtml(), view));
    }

    private static DigestView.Entry entry(Mustache partial, DigestView.PaperView view) {
        String paper = withoutFinalLineBreak(Templates.execute(partial, view));
        return new DigestView.Entry(paper, paper.getBytes(StandardCharsets.UTF_8));
    }

    private static String withoutFinalLineBreak(String s) {
        int end = s.endsWith("\r\n") ? s.length() - 2 : s.endsWith("\n") ? s.length() - 1 : s.length();
        return s.substring(0, end);
    }

    private static String authors(List<String> authors) {
        if (authors.isEmpty()) {
            return null;
        }
        String shown = String.join(", ", authors.subList(0, Math.min(AUTHORS_SHOWN, authors.size())));
        return authors.size() > AUTHORS_SHOWN ? shown + " et al." : shown;
    }
}
