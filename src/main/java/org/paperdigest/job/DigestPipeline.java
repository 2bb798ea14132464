package org.paperdigest.job;

import jakarta.mail.MessagingException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.delivery.MessagePreparation;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.job.SentPapers.AlreadySent;
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

    DigestPipeline(Matching matching, SentPapers sentPapers, DigestRenderer renderer, MessagePreparation preparation,
            DigestMessages messages) {
        this.matching = matching;
        this.sentPapers = sentPapers;
        this.renderer = renderer;
        this.preparation = preparation;
        this.messages = messages;
    }

    /** The matcher of the papers H2 holds for the date. */
    DayMatcher day(LocalDate date) {
        return matching.forDay(date);
    }

    /** The day's papers its readers got in earlier issues, worked out once for the run. */
    AlreadySent alreadySent(long jobExecutionId, LocalDate date, DayMatcher day) {
        return sentPapers.forRun(jobExecutionId, date, day.papers());
    }

    /**
     * The subscriber's digest, to be rendered and built by the preparation pool, which the writer keeps a few
     * messages ahead of the one it sends; null when no paper matches (no match today means no email).
     */
    PendingDigest pending(LocalDate date, DayMatcher day, AlreadySent sent, Subscriber subscriber) {
        List<MatchedPaper> papers;
        try {
            papers = day.select(subscriber.interests(), subscriber.exclude(), subscriber.maxPapers(),
                    sent.of(subscriber.id()));
        } catch (RuntimeException e) {
            // One reader's entry (say, interests past Lucene's clause limit together) fails that reader
            // alone: the writer records why, and the partition goes on.
            return preparation.notBuilt(date, subscriber, "matching failed: " + DigestRuns.rootMessage(e), e);
        }
        if (papers.isEmpty()) {
            return null;
        }
        return preparation.pending(date, subscriber, () -> new Digest(date, subscriber, papers.size(),
                renderer.render(subscriber, date, papers), positions(papers)));
    }

    /**
     * The message the subscriber would get from these papers, as an 8BITMIME relay would get it (so that the text
     * reads as it will in a mail client); empty when no paper matches.
     */
    public Optional<byte[]> preview(LocalDate date, List<Paper> dayPapers, Subscriber subscriber)
            throws MessagingException {
        List<MatchedPaper> matched = matching.of(dayPapers).select(subscriber.interests(), subscriber.exclude(),
                subscriber.maxPapers(), sentPapers.before(date, dayPapers).of(subscriber.id()));
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        Digest digest = new Digest(date, subscriber, matched.size(), renderer.render(subscriber, date, matched));
        return Optional.of(messages.prepare(digest, true).wire());
    }

    /** The papers' positions in the day's list, as the delivery record keeps them. */
    private static String positions(List<MatchedPaper> papers) {
        StringBuilder positions = new StringBuilder(papers.size() * 3);
        for (MatchedPaper p : papers) {
            positions.append(positions.isEmpty() ? "" : ",").append(p.paper().position());
        }
        return positions.toString();
    }
}
