package org.paperdigest.rendering;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.stereotype.Component;

/**
 * Renders one subscriber's digest: subject, text part and (for html subscribers) HTML part. The paper
 * entries are rendered once per run by the paper partials (see {@link PaperEntries}); a digest is its
 * greeting and summary around them.
 */
@Component
public class DigestRenderer {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter WEEK_END = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter WEEK_START = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);
    private static final int TOPICS_IN_SUBJECT = 3;
    private static final String RELATED_TOPIC = "papers you follow";

    private final Templates templates;
    private final UnsubscribeLinks unsubscribe;
    private final String listName;

    /**
     * What the digests of one list of a run share: the date as shown, and the paper entries rendered so far.
     * The run holds it, so what it keeps goes with the run.
     */
    public record Issue(LocalDate date, String dateShort, String dateLong, PaperEntries entries) {
    }

    public DigestRenderer(Templates templates, UnsubscribeLinks unsubscribe, DigestProperties properties) {
        this.templates = templates;
        this.unsubscribe = unsubscribe;
        this.listName = displayName(properties.from());
    }

    public Issue issue(LocalDate date) {
        return new Issue(date, SHORT.format(date), LONG.format(date), new PaperEntries(templates.compiled()));
    }

    public RenderedDigest render(Subscriber subscriber, Issue r, List<MatchedPaper> papers) {
        Templates.Compiled t = templates.compiled();
        boolean html = subscriber.format() == Format.HTML;
        List<DigestView.Entry> textEntries = new ArrayList<>(papers.size());
        List<DigestView.Entry> htmlEntries = html ? new ArrayList<>(papers.size()) : null;
        for (MatchedPaper paper : papers) {
            PaperEntries.Rendered entry = r.entries().of(paper, textEntries.size() + 1);
            textEntries.add(entry.text());
            if (html) {
                htmlEntries.add(entry.html());
            }
        }
        // The matcher puts the papers like the reader's examples last, in a section of their own.
        int split = interestPapers(papers);
        DigestView text = view(subscriber, r, papers, textEntries, split);
        String subject = OneLine.of(Templates.execute(t.subject(), text));
        byte[] textUtf8 = Templates.executeUtf8(t.text(), text);
        byte[] htmlUtf8 = html ? Templates.executeUtf8(t.html(), split == papers.size() ? text.withPapers(htmlEntries)
                : text.withPapers(htmlEntries.subList(0, split), htmlEntries.subList(split, papers.size()))) : null;
        return new RenderedDigest(subject, textUtf8, htmlUtf8);
    }

    /** How many of the papers, first, an interest chose: the rest are like the reader's examples. */
    private static int interestPapers(List<MatchedPaper> papers) {
        int n = papers.size();
        if (n == 0 || papers.get(n - 1).relatedTo() == null) {
            return n; // the common case: no example, or no room left for its papers
        }
        int split = 0;
        while (papers.get(split).relatedTo() == null) {
            split++;
        }
        return split;
    }

    private DigestView view(Subscriber subscriber, Issue r, List<MatchedPaper> papers, List<DigestView.Entry> entries,
            int split) {
        String name = subscriber.name() == null ? null : OneLine.of(subscriber.name());
        return new DigestView(name, name == null || name.isEmpty() ? "Hello," : "Hi " + name + ",",
                r.dateShort(), r.dateLong(), papers.size(),
                papers.size() + (papers.size() == 1 ? " new paper" : " new papers"),
                split > 0 || split == entries.size() ? topics(papers) : RELATED_TOPIC,
                String.join(", ", subscriber.interests()),
                split == entries.size() ? entries : entries.subList(0, split),
                unsubscribe.of(subscriber), listName, subscriber.weeklyOn() == null ? null : week(r.date()),
                split == entries.size() ? null : new DigestView.Related(entries.subList(split, entries.size())));
    }

    /** The seven days a weekly digest of the date covers: "23 to 29 July 2025", "28 July to 3 August 2025". */
    static String week(LocalDate date) {
        LocalDate first = date.minusDays(6);
        String from = first.getYear() != date.getYear() ? WEEK_END.format(first)
                : first.getMonth() != date.getMonth() ? WEEK_START.format(first) : String.valueOf(first.getDayOfMonth());
        return from + " to " + WEEK_END.format(date);
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
