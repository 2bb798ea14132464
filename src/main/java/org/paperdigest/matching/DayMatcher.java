package org.paperdigest.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

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
        if (maxPapers < 0) {
            throw new IllegalArgumentException(Integer.toString(maxPapers));
        }
        // Positions are indexes into the day's papers: arrays, not maps of boxed positions, on this hot path.
        int papers = index.papers().size();
        boolean[] excluded = new boolean[papers];
        for (String exclude : excludes) {
            for (InterestHit hit : index.hits(exclude)) {
                excluded[hit.position()] = true;
            }
        }
        Selection[] byPosition = new Selection[papers];
        List<Selection> found = new ArrayList<>();
        for (String interest : interests) {
            String stripped = interest.strip();
            for (InterestHit hit : index.hits(interest)) {
                int position = hit.position();
                if (!excluded[position]) {
                    Selection selection = byPosition[position];
                    if (selection == null) {
                        selection = new Selection(index.paper(position));
                        byPosition[position] = selection;
                        found.add(selection);
                    }
                    selection.add(stripped, hit);
                }
            }
        }
        found.sort(BEST_FIRST);
        int count = Math.min(maxPapers, found.size());
        List<MatchedPaper> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(found.get(i).toMatchedPaper());
        }
        return Collections.unmodifiableList(chosen);
    }

    private static final Comparator<Selection> BEST_FIRST = (a, b) -> {
        int byScore = Double.compare(b.score, a.score);
        return byScore != 0 ? byScore : Integer.compare(a.paper.position(), b.paper.position());
    };

    private static final class Selection {
        final Paper paper;
        double score;
        final List<String> interests = new ArrayList<>(2);
        // Most papers match one interest: its hit's spans are used as they are (sorted, without repeats).
        List<Span> titleSpans = List.of();
        List<Span> summarySpans = List.of();

        Selection(Paper paper) {
            this.paper = paper;
        }

        void add(String interest, InterestHit hit) {
            score += hit.score();
            interests.add(interest);
            titleSpans = union(titleSpans, hit.titleSpans());
            summarySpans = union(summarySpans, hit.summarySpans());
        }

        /** Both lists are sorted and without repeats; so is their union. */
        private static List<Span> union(List<Span> a, List<Span> b) {
            if (b.isEmpty()) {
                return a;
            }
            if (a.isEmpty()) {
                return b;
            }
            List<Span> all = new ArrayList<>(a.size() + b.size());
            int i = 0;
            int j = 0;
            while (i < a.size() || j < b.size()) {
                int order = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).compareTo(b.get(j));
                all.add(order <= 0 ? a.get(i) : b.get(j));
                i += order <= 0 ? 1 : 0;
                j += order >= 0 ? 1 : 0;
            }
            return List.copyOf(all);
        }

        MatchedPaper toMatchedPaper() {
            return new MatchedPaper(paper, score, List.copyOf(interests), titleSpans, summarySpans);
        }
    }
}
