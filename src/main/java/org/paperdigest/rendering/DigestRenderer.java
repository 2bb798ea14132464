package org.paperdigest.rendering;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
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
    // Distinct interest lists of matched papers: a few hundred a day.
    private static final int MAX_LABELS = 10_000;

    private final Templates templates;
    private final UnsubscribeLinks unsubscribe;
    private final String listName;
    private final HighlightCache highlights = new HighlightCache();
    // A run renders one date for everyone: format it once.
    private volatile Dates dates;
    // "Matched: ..." labels, one string per list of interests: paper entries are looked up by value for
    // every subscriber (see MemoizedSection), and a shared string compares and hashes at no cost.
    private final Map<List<String>, String> matchedLabels = new ConcurrentHashMap<>();

    private record Dates(LocalDate date, String shortForm, String longForm) {
    }

    public DigestRenderer(Templates templates, UnsubscribeLinks unsubscribe, DigestProperties properties) {
        this.templates = templates;
        this.unsubscribe = unsubscribe;
        this.listName = displayName(properties.from());
    }

    public RenderedDigest render(Subscriber subscriber, LocalDate date, List<MatchedPaper> papers) {
        DigestView view = view(subscriber, date, papers);
        Templates.Compiled t = templates.compiled();
        String subject = OneLine.of(Templates.execute(t.subject(), view));
        byte[] text = Templates.executeUtf8(t.text(), view);
        byte[] html = subscriber.format() == Format.HTML ? Templates.executeUtf8(t.html(), view) : null;
        return new RenderedDigest(subject, text, html);
    }

    private DigestView view(Subscriber subscriber, LocalDate date, List<MatchedPaper> papers) {
        List<DigestView.PaperView> views = new ArrayList<>(papers.size());
        for (MatchedPaper m : papers) {
            HighlightCache.Highlighted h = highlights.of(m);
            views.add(new DigestView.PaperView(views.size() + 1, h.title(), h.link(), h.huggingFaceUrl(),
                    h.arxivUrl(), h.codeUrl(), h.authors(), h.snippet(), matched(m.interests())));
        }
        String name = subscriber.name() == null ? null : OneLine.of(subscriber.name());
        Dates d = dates(date);
        return new DigestView(name, name == null || name.isEmpty() ? "Hello," : "Hi " + name + ",",
                d.shortForm(), d.longForm(), papers.size(),
                papers.size() + (papers.size() == 1 ? " new paper" : " new papers"), topics(papers),
                String.join(", ", subscriber.interests()), views, unsubscribe.forToken(subscriber.unsubscribeToken()),
                listName);
    }

    private String matched(List<String> interests) {
        String label = matchedLabels.get(interests);
        if (label == null) {
            if (matchedLabels.size() >= MAX_LABELS) {
                matchedLabels.clear();
            }
            label = String.join(", ", interests);
            matchedLabels.put(List.copyOf(interests), label);
        }
        return label;
    }

    private Dates dates(LocalDate date) {
        Dates d = dates;
        if (d == null || !d.date().equals(date)) {
            d = new Dates(date, SHORT.format(date), LONG.format(date));
            dates = d;
        }
        return d;
    }

    /** The matched interests, most papers first (first seen first among equals), as the subject's "on ..." part. */
    static String topics(List<MatchedPaper> papers) {
        // A subscriber has a handful of interests: lists beat maps here.
        List<String> ordered = new ArrayList<>();
        int[] counts = new int[8];
        for (MatchedPaper p : papers) {
            for (String interest : p.interests()) {
                int at = ordered.indexOf(interest);
                if (at < 0) {
                    at = ordered.size();
                    ordered.add(interest);
                    if (at == counts.length) {
                        counts = Arrays.copyOf(counts, at * 2);
                    }
                }
                counts[at]++;
            }
        }
        // Insertion sort, most papers first; stable, so equal counts keep their first-seen order.
        for (int i = 1; i < ordered.size(); i++) {
            String interest = ordered.get(i);
            int count = counts[i];
            int j = i;
            for (; j > 0 && counts[j - 1] < count; j--) {
                ordered.set(j, ordered.get(j - 1));
                counts[j] = counts[j - 1];
            }
            ordered.set(j, interest);
            counts[j] = count;
        }
        String shown = String.join(", ", ordered.subList(0, Math.min(TOPICS_IN_SUBJECT, ordered.size())));
        int more = ordered.size() - TOPICS_IN_SUBJECT;
        return more > 0 ? shown + " and " + more + " more" : shown;
    }

    private static String displayName(String from) {
        int angle = from == null ? -1 : from.indexOf('<');
        String name = angle > 0 ? from.substring(0, angle).replace("\"", "").strip() : "";
        return name.isEmpty() ? "Paper Digest" : name;
    }
}
