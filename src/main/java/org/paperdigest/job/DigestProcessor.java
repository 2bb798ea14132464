package org.paperdigest.job;

import java.time.LocalDate;
import java.util.List;

import org.paperdigest.delivery.Digest;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.rendering.DigestRenderer;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Matches a subscriber against the day and renders the digest; no match today means no email. */
class DigestProcessor implements ItemProcessor<Subscriber, Digest> {

    private final LocalDate date;
    private final DayMatcher day;
    private final DigestRenderer renderer;

    DigestProcessor(LocalDate date, DayMatcher day, DigestRenderer renderer) {
        this.date = date;
        this.day = day;
        this.renderer = renderer;
    }

    @Override
    public Digest process(Subscriber subscriber) {
        List<MatchedPaper> papers = day.select(subscriber.interests(), subscriber.exclude(), subscriber.maxPapers());
        if (papers.isEmpty()) {
            return null;
        }
        return new Digest(date, subscriber, papers.size(), renderer.render(subscriber, date, papers));
    }
}
