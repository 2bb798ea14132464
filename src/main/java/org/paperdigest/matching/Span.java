package org.paperdigest.matching;

/** Character offsets [start, end) of a matched phrase in a title or abstract. */
public record Span(int start, int end) implements Comparable<Span> {

    @Override
    public int compareTo(Span other) {
        return start != other.start ? Integer.compare(start, other.start) : Integer.compare(end, other.end);
    }
}
