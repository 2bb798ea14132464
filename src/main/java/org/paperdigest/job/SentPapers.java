package org.paperdigest.job;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.paperdigest.DigestProperties;
import org.paperdigest.TitleKey;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.springframework.stereotype.Component;

/**
 * The no-repeat rule: which of a day's papers (or of a week's, for weekly readers) each reader got in an
 * earlier issue, so that the digest leaves them out. Only earlier issues count, so a resumed or repeated run
 * of the day chooses what the first one chose. Worked out from the deliveries of the days that
 * list one of the papers, and of the six days after (a weekly digest lists papers of the week before it):
 * a trending paper is on a few days, most papers on one.
 */
@Component
class SentPapers {

    private final PaperStore papers;
    private final DeliveryStore deliveries;
    private final boolean repeatPapers;

    SentPapers(PaperStore papers, DeliveryStore deliveries, DigestProperties properties) {
        this.papers = papers;
        this.deliveries = deliveries;
        this.repeatPapers = properties.repeatPapers();
    }

    /** The papers of the list (by position) each reader got in an issue before {@code date}. */
    AlreadySent before(LocalDate date, List<Paper> list) {
        if (repeatPapers) {
            return AlreadySent.NONE;
        }
        // The same paper: the same arXiv id, or the same title but for case and punctuation, as a day's own
        // duplicates are found (AbstractsReader.firstOfEach).
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byTitle = new HashMap<>();
        for (Paper paper : list) {
            byTitle.putIfAbsent(TitleKey.of(paper.title()), paper.position());
            if (paper.id() != null) {
                byId.putIfAbsent(paper.id(), paper.position());
            }
        }
        // For each earlier date, its positions that are one of the list's papers, and which.
        Map<LocalDate, Map<Integer, Integer>> listedOn = new TreeMap<>();
        for (PaperStore.Listed earlier : papers.findBefore(date)) {
            Integer inList = earlier.id() == null ? null : byId.get(earlier.id());
            if (inList == null) {
                inList = byTitle.get(TitleKey.of(earlier.title()));
            }
            if (inList != null) {
                listedOn.computeIfAbsent(earlier.date(), d -> new HashMap<>()).put(earlier.position(), inList);
            }
        }
        // A delivery's papers are positions in its own day's list, or date:position for a weekly digest's.
        Set<LocalDate> deliveryDates = new TreeSet<>();
        listedOn.keySet().forEach(listed -> listed.datesUntil(listed.plusDays(7))
                .filter(d -> d.isBefore(date)).forEach(deliveryDates::add));
        Map<Long, BitSet> sent = new HashMap<>();
        deliveryDates.forEach(delivered -> deliveries.forEachSentPapers(delivered, (subscriber, recorded) -> {
            for (String entry : recorded.split(",")) {
                int colon = entry.indexOf(':');
                Map<Integer, Integer> positions = listedOn.get(colon < 0 ? delivered
                        : LocalDate.parse(entry.substring(0, colon)));
                Integer inList = positions == null ? null
                        : positions.get(Integer.valueOf(entry.substring(colon + 1)));
                if (inList != null) {
                    sent.computeIfAbsent(subscriber, s -> new BitSet(list.size())).set(inList);
                }
            }
        }));
        return sent.isEmpty() ? AlreadySent.NONE : new AlreadySent(sent);
    }

    /** Per reader, the positions of the list's papers they got before; null for a reader who got none of them. */
    record AlreadySent(Map<Long, BitSet> bySubscriber) {

        static final AlreadySent NONE = new AlreadySent(Map.of());

        BitSet of(long subscriberId) {
            return bySubscriber.get(subscriberId);
        }
    }
}
