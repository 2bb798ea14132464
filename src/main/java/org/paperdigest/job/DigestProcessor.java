package org.paperdigest.job;

import java.time.LocalDate;
import java.util.List;

import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.MessagePreparation;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.rendering.DigestRenderer;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Matches a subscriber against the day (no match today means no email), and leaves rendering the
 * digest and building its message to the preparation pool, which the writer keeps a few messages
 * ahead of the one it sends, so that they are built on all cores while the relay answers.
 */
class DigestProcessor implements ItemProcessor<Subscriber, PendingDigest> {

    private final LocalDate date;
    private final DayMatcher day;
    private final DigestRenderer renderer;
    private final MessagePreparation preparation;

    DigestProcessor(LocalDate date, DayMatcher day, DigestRenderer renderer, MessagePreparation preparation) {
        this.date = date;
        this.day = day;
        this.renderer = renderer;
        this.preparation = preparation;
    }

    @Override
    public PendingDigest process(Subscriber subscriber) {
        List<MatchedPaper> papers;
        try {
            papers = day.select(subscriber.interests(), subscriber.exclude(), subscriber.maxPapers());
        } catch (RuntimeException e) {
            // One reader's entry (say, interests past Lucene's clause limit together) fails that reader
            // alone: the writer records why, and the partition goes on.
            return preparation.notBuilt(date, subscriber, "matching failed: " + DigestRuns.rootMessage(e), e);
        }
        if (papers.isEmpty()) {
            return null;
        }
        return preparation.pending(date, subscriber,
                () -> new Digest(date, subscriber, papers.size(), renderer.render(subscriber, date, papers)));
    }
}
