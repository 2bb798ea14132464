package org.paperdigest.delivery;

import java.time.LocalDate;

import org.paperdigest.rendering.RenderedDigest;
import org.paperdigest.subscribers.Subscriber;

/**
 * A rendered digest on its way to one subscriber.
 *
 * @param papers the positions of its papers in the day's list, comma-separated ("3,17,42"), as the delivery
 *               record keeps them so that later issues leave them out; null when none were chosen
 */
public record Digest(LocalDate date, Subscriber subscriber, int paperCount, RenderedDigest rendered, String papers) {

    /** A digest whose papers are not recorded: one that could not be built, or one only shown. */
    public Digest(LocalDate date, Subscriber subscriber, int paperCount, RenderedDigest rendered) {
        this(date, subscriber, paperCount, rendered, null);
    }
}
