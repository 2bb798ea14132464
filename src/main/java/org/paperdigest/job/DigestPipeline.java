package org.paperdigest.job;

import jakarta.mail.MessagingException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.paperdigest.OneLine;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.delivery.MessagePreparation;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Matching;
import org.paperdigest.rendering.DigestRenderer;
import org.paperdigest.rendering.RenderedDigest;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.stereotype.Component;

/**
 * What makes a subscriber's digest of a day: match, render, build the message. The send and resend steps
 * and {@code preview} all go through it, so that what preview prints is what the relay would get.
 */
@Component
public class DigestPipeline {

    private final Matching matching;
    private final SentPapers sentPapers;
    private final DigestRenderer renderer;
    private final MessagePreparation preparation;
    private final DigestMessages messages;

    DigestPipeline(Matching matching, SentPapers sentPapers, DigestRenderer renderer, MessagePreparation preparation,
            DigestMessages messages) {
        this.matching = matching;
        this.sentPapers = sentPapers;
        this.renderer = renderer;
        this.preparation = preparation;
        this.messages = messages;
    }

    /** The day's papers as H2 holds them, with what the readers got of them already. */
    PaperList day(LocalDate date) {
        return list(date, matching.forDay(date), null);
    }

    /** The papers of the week that ends with the date, for weekly readers. */
    PaperList week(LocalDate date) {
        Matching.Week week = matching.forWeek(date);
        return list(date, week.matcher(), week.origins());
    }

    private PaperList list(LocalDate date, DayMatcher matcher, List<PaperStore.Listed> origins) {
        return new PaperList(matcher, sentPapers.before(date, matcher.papers()), origins, renderer.issue(date));
    }

    /**
     * The subscriber's digest, to be rendered and built by the preparation pool, which the writer keeps a few
     * messages ahead of the one it sends; null when no paper matches (no match today means no email).
     */
    PendingDigest pending(LocalDate date, PaperList list, Subscriber subscriber) {
        List<MatchedPaper> papers;
        try {
            papers = select(list, subscriber);
        } catch (RuntimeException e) {
            // One reader's entry (say, interests past Lucene's clause limit together) fails that reader
            // alone: the writer records why, and the partition goes on.
            return preparation.notBuilt(date, subscriber, "matching failed: " + OneLine.ofFailure(e), e);
        }
        if (papers.isEmpty()) {
            return null;
        }
        return preparation.pending(date, subscriber, () -> new Digest(date, subscriber, papers.size(),
                renderer.render(subscriber, list.issue(), papers), list.recorded(papers)));
    }

    /**
     * The message the subscriber would get from these papers, as an 8BITMIME relay would get it (so that the text
     * reads as it will in a mail client); empty when no paper matches.
     */
    public Optional<byte[]> preview(LocalDate date, List<Paper> dayPapers, Subscriber subscriber)
            throws MessagingException {
        // a weekly reader's are the week's papers as H2 holds them
        PaperList list = subscriber.weeklyOn() == null ? list(date, matching.of(dayPapers), null) : week(date);
        List<MatchedPaper> matched = select(list, subscriber);
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        RenderedDigest rendered = renderer.render(subscriber, list.issue(), matched);
        return Optional.of(messages.prepare(new Digest(date, subscriber, matched.size(), rendered), true).wire());
    }

    /** The interests' papers, then (in the room left) those like the reader's examples, less those they got. */
    private static List<MatchedPaper> select(PaperList list, Subscriber subscriber) {
        return list.matcher().select(subscriber.interests(), subscriber.exclude(), subscriber.like(),
                subscriber.maxPapers(), list.sent().of(subscriber.id()));
    }
}
