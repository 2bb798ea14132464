package org.paperdigest.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest.delivery.*} settings, documented in {@code config/application.yml}.
 *
 * @param maxAttempts     tries per message for temporary failures (4xx, dropped or refused connections, timeouts)
 * @param backoffInitial  wait before the second try; doubles each time, with jitter
 * @param backoffMax      longest wait between two tries
 * @param maxFailureRatio the send step stops when more than this share of a run's deliveries failed
 * @param ratePerSecond   most messages per second to the relay; 0 for no limit
 * @param connections     SMTP connections at once, one per partition of the subscribers
 * @param eightBitMime    send UTF-8 bodies as 8bit (the relay must offer 8BITMIME) instead of quoted-printable
 * @param endOfDataTimeout how long to wait for the relay's reply to a message's final dot (RFC 5321
 *                        4.5.3.2.6 gives 10 minutes): the relay may be storing the message, and
 *                        giving up early only makes it deliver a copy we then send again
 */
@ConfigurationProperties("digest.delivery")
public record DeliveryProperties(
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration backoffInitial,
        @DefaultValue("60s") Duration backoffMax,
        @DefaultValue("0.5") double maxFailureRatio,
        @DefaultValue("0") double ratePerSecond,
        @DefaultValue("4") int connections,
        @DefaultValue("true") boolean eightBitMime,
        @DefaultValue("10m") Duration endOfDataTimeout) {

    public DeliveryProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("digest.delivery.max-attempts must be at least 1");
        }
        if (maxFailureRatio < 0 || maxFailureRatio > 1) {
            throw new IllegalArgumentException("digest.delivery.max-failure-ratio must be between 0 and 1");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("digest.delivery.connections must be at least 1");
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("digest.delivery.rate-per-second must not be negative");
        }
    }
}
