package org.paperdigest.job;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.springframework.stereotype.Component;

/**
 * The no-repeat rule: which of a day's papers each reader got in an earlier issue, so that the day's digest
 * leaves them out. Only earlier issues count, so a resumed or repeated run of the day chooses what the first
 * one chose. Worked out once per run, from the earlier days that list one of the day's papers: a trending
 * paper is on a few days, most papers on one.
 */
@Component
class SentPapers {

    private final PaperStore papers;
    private final DeliveryStore deliveries;
    private final boolean repeatPapers;
    private Long cachedRun;
    private AlreadySent cached;

    SentPapers(PaperStore papers, DeliveryStore deliveries, DigestProperties properties) {
        this.papers = papers;
        this.deliveries = deliveries;
        this.repeatPapers = properties.repeatPapers();
    }

    /** What the readers of the day got already, worked out once for the job execution whose partitions ask. */
    synchronized AlreadySent forRun(long jobExecutionId, LocalDate date, List<Paper> day) {
        if (cached == null || cachedRun != jobExecutionId) {
            cached = before(date, day);
            cachedRun = jobExecutionId;
        }
        return cached;
    }

    /** The day's papers (by position) each reader got in an issue before {@code date}. */
    AlreadySent before(LocalDate date, List<Paper> day) {
        if (repeatPapers) {
            return AlreadySent.NONE;
        }
        // The same paper: the same arXiv id, or, where either has none, the same title but for case and
        // punctuation (as a day's own duplicates are found).
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byTitle = new HashMap<>();
        Map<String, Integer> byTitleWithoutId = new HashMap<>();
        for (Paper paper : day) {
            String title = Paper.titleKey(paper.title());
            byTitle.putIfAbsent(title, paper.position());
            if (paper.id() != null) {
                byId.putIfAbsent(paper.id(), paper.position());
            } else {
                byTitleWithoutId.putIfAbsent(title, paper.position());
            }
        }
        // For each earlier date, its positions that are one of the day's papers, and which.
        Map<LocalDate, Map<Integer, Integer>> onTheDay = new TreeMap<>();
        for (PaperStore.Listed earlier : papers.findBefore(date)) {
            Integer today = earlier.id() == null ? byTitle.get(Paper.titleKey(earlier.title()))
                    : byId.getOrDefault(earlier.id(), byTitleWithoutId.get(Paper.titleKey(earlier.title())));
            if (today != null) {
                onTheDay.computeIfAbsent(earlier.date(), d -> new HashMap<>()).put(earlier.position(), today);
            }
        }
        Map<Long, BitSet> sent = new HashMap<>();
        onTheDay.forEach((earlierDate, positions) -> deliveries.forEachSentPapers(earlierDate, (subscriber, list) -> {
            for (String position : list.split(",")) {
                Integer today = positions.get(Integer.valueOf(position));
                if (today != null) {
                    sent.computeIfAbsent(subscriber, s -> new BitSet(day.size())).set(today);
                }
            }
        }));
        return sent.isEmpty() ? AlreadySent.NONE : new AlreadySent(sent);
    }

    /** Per reader, the positions of the day's papers they got before; null for a reader who got none of them. */
    record AlreadySent(Map<Long, BitSet> bySubscriber) {

        static final AlreadySent NONE = new AlreadySent(Map.of());

        BitSet of(long subscriberId) {
            return bySubscriber.get(subscriberId);
        }
    }
}
