package org.paperdigest.rendering;

import java.io.StringWriter;
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
    private final Map<Match, Highlighted> highlights = new ConcurrentHashMap<>();
    private final Map<Key, DigestView.Entry> text = new ConcurrentHashMap<>();
    private final Map<Key, DigestView.Entry> html = new ConcurrentHashMap<>();

    private record Highlighted(List<Highlights.Part> title, List<Highlights.Part> snippet) {
    }

    /**
     * Papers are compared by identity: a day's matcher hands out the same instances, and hashing and
     * comparing whole papers (abstract, authors) for every paper of every subscriber is work for nothing.
     */
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

    private record Key(Match match, int number, List<String> interests) {
    }

    PaperEntries(Templates.Compiled templates) {
        this.templates = templates;
    }

    DigestView.Entry text(MatchedPaper paper, int number) {
        return entry(text, templates.paperText(), paper, number);
    }

    DigestView.Entry html(MatchedPaper paper, int number) {
        return entry(html, templates.paperHtml(), paper, number);
    }

    private DigestView.Entry entry(Map<Key, DigestView.Entry> entries, Mustache partial, MatchedPaper paper,
            int number) {
        Key key = new Key(new Match(paper.paper(), paper.titleSpans(), paper.summarySpans()), number,
                paper.interests());
        DigestView.Entry entry = entries.get(key);
        if (entry == null) {
            // Kept under copies: the matcher's lists are not ours to rely on staying as they are.
            Key kept = new Key(new Match(paper.paper(), List.copyOf(paper.titleSpans()),
                    List.copyOf(paper.summarySpans())), number, List.copyOf(paper.interests()));
            entry = render(partial, kept);
            entries.putIfAbsent(kept, entry);
        }
        return entry;
    }

    private DigestView.Entry render(Mustache partial, Key key) {
        Paper p = key.match().paper();
        Highlighted h = highlights.computeIfAbsent(key.match(), m -> new Highlighted(
                Highlights.whole(p.title(), m.titleSpans()), Highlights.snippet(p.summary(), m.summarySpans())));
        DigestView.PaperView view = new DigestView.PaperView(key.number(), h.title(), p.link(), p.huggingFaceUrl(),
                p.arxivUrl(), p.codeUrl(), authors(p.authors()), h.snippet(), String.join(", ", key.interests()));
        StringWriter out = new StringWriter();
        partial.execute(out, view);
        String paper = withoutFinalLineBreak(out.toString());
        return new DigestView.Entry(paper, paper.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest template puts each entry on a line of its own, as Mustache does with a partial's last line. */
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
