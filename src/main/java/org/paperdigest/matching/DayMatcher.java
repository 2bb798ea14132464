package org.paperdigest.matching;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

import org.paperdigest.ingest.Paper;

/** Picks one subscriber's papers for a day from the day's index. Thread-safe. */
public final class DayMatcher {

    private final DayIndex index;
    private final RelatedPapers related;

    DayMatcher(DayIndex index, RelatedPapers related) {
        this.index = index;
        this.related = related;
    }

    /** The day's papers, in their order on the page. */
    public List<Paper> papers() {
        return index.papers();
    }

    /**
     * The papers matching any interest and no exclude, best first, at most {@code maxPapers}. A
     * paper's score is the sum of its interests' scores, so a paper matching several ranks higher.
     * The papers at the positions in {@code leftOut} are left out, as an exclude would leave them.
     *
     * @param leftOut positions of papers the subscriber must not get (those sent to them already); may be null
     */
    public List<MatchedPaper> select(List<String> interests, List<String> excludes, int maxPapers, BitSet leftOut) {
        if (maxPapers < 0) {
            throw new IllegalArgumentException(Integer.toString(maxPapers));
        }
        // Positions are indexes into the day's papers. A subscriber's interests hit tens of papers of
        // which ten are kept: score them all in arrays, and build matches for the kept ones only.
        // (One small method a pass: the JIT compiles them sooner than one large one.)
        boolean[] excluded = excluded(excludes, leftOut);
        List<List<InterestHit>> hitsOf = new ArrayList<>(interests.size());
        for (String interest : interests) {
            hitsOf.add(index.hits(interest));
        }
        Scores scores = scores(hitsOf, excluded);
        int[] best = best(scores, Math.min(maxPapers, scores.count()));
        return matches(interests, hitsOf, best, scores.score());
    }

    /**
     * As {@link #select(List, List, int, BitSet)}, then, in the room left, the papers most like the reader's
     * examples (see {@link RelatedPapers}), under the same excludes and left-out papers.
     *
     * @param like the reader's examples, arXiv ids or titles; empty for none (then nothing more is done)
     */
    public List<MatchedPaper> select(List<String> interests, List<String> excludes, List<String> like, int maxPapers,
            BitSet leftOut) {
        List<MatchedPaper> matched = select(interests, excludes, maxPapers, leftOut);
        if (like.isEmpty() || matched.size() >= maxPapers) {
            return matched;
        }
        boolean[] excluded = excluded(excludes, leftOut);
        List<MatchedPaper> all = new ArrayList<>(maxPapers);
        for (MatchedPaper p : matched) {
            excluded[p.paper().position()] = true;
            all.add(p);
        }
        for (RelatedPapers.Hit hit : related.hits(like)) {
            if (all.size() == maxPapers) {
                break;
            }
            if (!excluded[hit.position()]) {
                all.add(new MatchedPaper(index.paper(hit.position()), hit.similarity(), List.of(), List.of(), List.of(),
                        hit.example()));
            }
        }
        return Collections.unmodifiableList(all);
    }

    private boolean[] excluded(List<String> excludes, BitSet leftOut) {
        boolean[] excluded = excluded(excludes);
        if (leftOut != null) {
            for (int p = leftOut.nextSetBit(0); p >= 0 && p < excluded.length; p = leftOut.nextSetBit(p + 1)) {
                excluded[p] = true;
            }
        }
        return excluded;
    }

    /** Every paper's summed score, and the papers hit, in the order first hit. */
    private record Scores(double[] score, int[] found, int count) {
    }

    private boolean[] excluded(List<String> excludes) {
        boolean[] excluded = new boolean[index.papers().size()];
        for (String exclude : excludes) {
            for (InterestHit hit : index.hits(exclude)) {
                excluded[hit.position()] = true;
            }
        }
        return excluded;
    }

    private Scores scores(List<List<InterestHit>> hitsOf, boolean[] excluded) {
        double[] score = new double[excluded.length];
        boolean[] seen = new boolean[excluded.length];
        int[] found = new int[excluded.length];
        int count = 0;
        for (List<InterestHit> hits : hitsOf) {
            for (InterestHit hit : hits) {
                int position = hit.position();
                if (!excluded[position]) {
                    if (!seen[position]) {
                        seen[position] = true;
                        found[count++] = position;
                    }
                    score[position] += hit.score();
                }
            }
        }
        return new Scores(score, found, count);
    }

    /**
     * The {@code k} best papers hit, best first: higher score, then earlier on the page. Insertion
     * after equals keeps the first hit first, as a stable sort would.
     */
    private int[] best(Scores scores, int k) {
        int[] best = new int[k];
        int size = 0;
        for (int i = 0; i < scores.count() && k > 0; i++) {
            int position = scores.found()[i];
            if (size == k && !before(position, best[k - 1], scores.score())) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && before(position, best[at - 1], scores.score())) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = position;
        }
        return best;
    }

    /** The kept papers with the interests that hit them (as labels), in the interests' order, and where they hit. */
    private List<MatchedPaper> matches(List<String> interests, List<List<InterestHit>> hitsOf, int[] best,
            double[] score) {
        Selection[] chosen = new Selection[best.length];
        int[] rank = new int[score.length];
        for (int r = 0; r < best.length; r++) {
            chosen[r] = new Selection(index.paper(best[r]));
            rank[best[r]] = r + 1;
        }
        for (int i = 0; i < interests.size(); i++) {
            String label = index.label(interests.get(i));
            for (InterestHit hit : hitsOf.get(i)) {
                int r = rank[hit.position()] - 1;
                if (r >= 0) {
                    chosen[r].add(label, hit);
                }
            }
        }
        List<MatchedPaper> matched = new ArrayList<>(best.length);
        for (int r = 0; r < best.length; r++) {
            matched.add(chosen[r].toMatchedPaper(score[best[r]]));
        }
        return Collections.unmodifiableList(matched);
    }

    private boolean before(int a, int b, double[] score) {
        int byScore = Double.compare(score[b], score[a]);
        return byScore < 0 || (byScore == 0 && index.paper(a).position() < index.paper(b).position());
    }

    /** One chosen paper: the interests that matched it, in order, and where they matched. */
    private static final class Selection {
        final Paper paper;
        final List<String> interests = new ArrayList<>(2);
        // Most papers match one interest: its hit's spans are used as they are (sorted, without repeats).
        List<Span> titleSpans = List.of();
        List<Span> summarySpans = List.of();

        Selection(Paper paper) {
            this.paper = paper;
        }

        void add(String interest, InterestHit hit) {
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

        MatchedPaper toMatchedPaper(double score) {
            return new MatchedPaper(paper, score, List.copyOf(interests), titleSpans, summarySpans);
        }
    }
}
