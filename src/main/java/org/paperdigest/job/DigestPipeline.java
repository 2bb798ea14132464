package org.paperdigest.job;

import jakarta.mail.MessagingException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.delivery.MessagePreparation;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.ingest.Paper;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Matching;
import org.paperdigest.rendering.DigestRenderer;
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
    private long weekRun = -1;
    private PaperList week;

    DigestPipeline(Matching matching, SentPapers sentPapers, DigestRenderer renderer, MessagePreparation preparation,
            DigestMessages messages) {
        this.matching = matching;
        this.sentPapers = sentPapers;
        this.renderer = renderer;
        this.preparation = preparation;
        this.messages = messages;
    }

    /** The day's papers as H2 holds them, with what the readers got already, worked out once for the run. */
    PaperList day(long jobExecutionId, LocalDate date) {
        DayMatcher day = matching.forDay(date);
        return new PaperList(day, sentPapers.forRun(jobExecutionId, "day", date, day.papers()), null);
    }

    /** The papers of the week that ends with the date, for weekly readers, built once for the run. */
    synchronized PaperList week(long jobExecutionId, LocalDate date) {
        if (weekRun != jobExecutionId) {
            Matching.Week week = matching.forWeek(date);
            this.week = new PaperList(week.matcher(),
                    sentPapers.forRun(jobExecutionId, "week", date, week.matcher().papers()), week.origins());
            weekRun = jobExecutionId;
        }
        return week;
    }

    /**
     * The subscriber's digest, to be rendered and built by the preparation pool, which the writer keeps a few
     * messages ahead of the one it sends; null when no paper matches (no match today means no email).
     */
    PendingDigest pending(LocalDate date, PaperList list, Subscriber subscriber) {
        List<MatchedPaper> papers;
        try {
            // the interests' papers, then (in the room left) those like the reader's examples
            papers = list.matcher().select(subscriber.interests(), subscriber.exclude(), subscriber.like(),
                    subscriber.maxPapers(), list.sent().of(subscriber.id()));
        } catch (RuntimeException e) {
            // One reader's entry (say, interests past Lucene's clause limit together) fails that reader
            // alone: the writer records why, and the partition goes on.
            return preparation.notBuilt(date, subscriber, "matching failed: " + DigestRuns.rootMessage(e), e);
        }
        if (papers.isEmpty()) {
            return null;
        }
        return preparation.pending(date, subscriber, () -> new Digest(date, subscriber, papers.size(),
                renderer.render(subscriber, date, papers), list.recorded(papers)));
    }

    /**
     * The message the subscriber would get from these papers, as an 8BITMIME relay would get it (so that the text
     * reads as it will in a mail client); empty when no paper matches.
     */
    public Optional<byte[]> preview(LocalDate date, List<Paper> dayPapers, Subscriber subscriber)
            throws MessagingException {
        DayMatcher papers;
        if (subscriber.weeklyOn() == null) {
            papers = matching.of(dayPapers);
        } else {
            papers = matching.forWeek(date).matcher(); // the week's papers as H2 holds them
            dayPapers = papers.papers();
        }
        List<MatchedPaper> matched = papers.select(subscriber.interests(), subscriber.exclude(), subscriber.like(),
                subscriber.maxPapers(), sentPapers.before(date, dayPapers).of(subscriber.id()));
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        Digest digest = new Digest(date, subscriber, matched.size(), renderer.render(subscriber, date, matched));
        return Optional.of(messages.prepare(digest, true).wire());
    }
}
