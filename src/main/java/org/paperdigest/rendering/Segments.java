package org.paperdigest.rendering;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of segments that computes its hash once. A paper entry is looked up by value in
 * {@link MemoizedSection} for every subscriber, and its title and snippet are most of that value.
 */
final class Segments extends AbstractList<Segment> implements RandomAccess {

    private final Segment[] segments;
    private final int hash;

    private Segments(Segment[] segments) {
        this.segments = segments;
        this.hash = List.of(segments).hashCode();
    }

    static Segments of(List<Segment> segments) {
        return new Segments(segments.toArray(new Segment[0]));
    }

    @Override
    public Segment get(int index) {
        return segments[index];
    }

    @Override
    public int size() {
        return segments.length;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Segments other && other.hash != hash) {
            return false;
        }
        return super.equals(o);
    }
}
