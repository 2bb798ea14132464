package org.paperdigest.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.paperdigest.ingest.Paper;

/** Picks one subscriber's papers for a day from the day's index. Thread-safe. */
public final class DayMatcher {

    private final DayIndex index;

    DayMatcher(DayIndex index) {
        this.index = index;
    }

    public int paperCount() {
        return index.papers().size();
    }

    /**
     * The papers matching any interest and no exclude, best first, at most {@code maxPapers}. A
     * paper's score is the sum of its interests' scores, so a paper matching several ranks higher.
     */
    public List<MatchedPaper> select(List<String> interests, List<String> excludes, int maxPapers) {
        Set<Integer> excluded = new HashSet<>();
        for (String exclude : excludes) {
            index.hits(exclude).forEach(hit -> excluded.add(hit.position()));
        }
        Map<Integer, Selection> byPosition = new LinkedHashMap<>();
        for (String interest : interests) {
            for (InterestHit hit : index.hits(interest)) {
                if (!excluded.contains(hit.position())) {
                    byPosition.computeIfAbsent(hit.position(), p -> new Selection(index.paper(p))).add(interest, hit);
                }
            }
        }
        return byPosition.values().stream()
                .sorted(Comparator.comparingDouble(Selection::score).reversed()
                        .thenComparingInt(s -> s.paper.position()))
                .limit(maxPapers)
                .map(Selection::toMatchedPaper)
                .toList();
    }

    private static final class Selection {
        final Paper paper;
        double score;
        final List<String> interests = new ArrayList<>();
        final Set<Span> titleSpans = new TreeSet<>();
        final Set<Span> summarySpans = new TreeSet<>();

        Selection(Paper paper) {
            this.paper = paper;
        }

        void add(String interest, InterestHit hit) {
            score += hit.score();
            interests.add(interest.strip());
            titleSpans.addAll(hit.titleSpans());
            summarySpans.addAll(hit.summarySpans());
        }

        double score() {
            return score;
        }

        MatchedPaper toMatchedPaper() {
            return new MatchedPaper(paper, score, List.copyOf(interests), List.copyOf(titleSpans),
                    List.copyOf(summarySpans));
        }
    }
}
