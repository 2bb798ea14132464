package org.paperdigest.delivery;

import java.time.LocalDate;

import org.paperdigest.rendering.RenderedDigest;
import org.paperdigest.subscribers.Subscriber;

/** A rendered digest on its way to one subscriber. */
public record Digest(LocalDate date, Subscriber subscriber, int paperCount, RenderedDigest rendered) {
}
