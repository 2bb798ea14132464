package org.paperdigest.rendering;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.paperdigest.DigestProperties;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.stereotype.Component;

/** Renders one subscriber's digest: subject, text part and (for html subscribers) HTML part. */
@Component
public class DigestRenderer {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final int TOPICS_IN_SUBJECT = 3;
    private static final int AUTHORS_SHOWN = 5;

    private final Templates templates;
    private final UnsubscribeLinks unsubscribe;
    private final String listName;
    private final HighlightCache highlights = new HighlightCache();

    public DigestRenderer(Templates templates, UnsubscribeLinks unsubscribe, DigestProperties properties) {
        this.templates = templates;
        this.unsubscribe = unsubscribe;
        this.listName = displayName(properties.from());
    }

    public RenderedDigest render(Subscriber subscriber, LocalDate date, List<MatchedPaper> papers) {
        DigestView view = view(subscriber, date, papers);
        Templates.Compiled t = templates.compiled();
        String subject = oneLine(Templates.execute(t.subject(), view));
        String text = Templates.execute(t.text(), view);
        String html = subscriber.format() == Format.HTML ? Templates.execute(t.html(), view) : null;
        return new RenderedDigest(subject, text, html);
    }

    private DigestView view(Subscriber subscriber, LocalDate date, List<MatchedPaper> papers) {
        List<DigestView.PaperView> views = new ArrayList<>();
        for (MatchedPaper m : papers) {
            Paper p = m.paper();
            HighlightCache.Highlighted highlighted = highlights.of(m);
            views.add(new DigestView.PaperView(views.size() + 1, highlighted.title(), p.link(), p.huggingFaceUrl(),
                    p.arxivUrl(), p.codeUrl(), authors(p.authors()), highlighted.snippet(),
                    String.join(", ", m.interests())));
        }
        String name = subscriber.name() == null ? null : oneLine(subscriber.name());
        return new DigestView(name, name == null || name.isEmpty() ? "Hello," : "Hi " + name + ",",
                SHORT.format(date), LONG.format(date), papers.size(),
                papers.size() + (papers.size() == 1 ? " new paper" : " new papers"), topics(papers),
                String.join(", ", subscriber.interests()), views, unsubscribe.forToken(subscriber.unsubscribeToken()),
                listName);
    }

    /** The matched interests, most papers first, as the subject's "on ..." part. */
    static String topics(List<MatchedPaper> papers) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        papers.forEach(p -> p.interests().forEach(i -> counts.merge(i, 1, Integer::sum)));
        List<String> ordered = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
        String shown = String.join(", ", ordered.subList(0, Math.min(TOPICS_IN_SUBJECT, ordered.size())));
        int more = ordered.size() - TOPICS_IN_SUBJECT;
        return more > 0 ? shown + " and " + more + " more" : shown;
    }

    private static String authors(List<String> authors) {
        if (authors.isEmpty()) {
            return null;
        }
        String shown = String.join(", ", authors.subList(0, Math.min(AUTHORS_SHOWN, authors.size())));
        return authors.size() > AUTHORS_SHOWN ? shown + " et al." : shown;
    }

    private static String displayName(String from) {
        int angle = from == null ? -1 : from.indexOf('<');
        String name = angle > 0 ? from.substring(0, angle).replace("\"", "").strip() : "";
        return name.isEmpty() ? "Paper Digest" : name;
    }

    /** Input never reaches a header with a line break or control character in it. */
    public static String oneLine(String s) {
        return s == null ? null : s.replaceAll("[\\s\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
