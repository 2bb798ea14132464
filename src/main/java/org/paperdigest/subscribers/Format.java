package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** How a subscriber wants the digest: multipart text+HTML, or plain text only. */
public enum Format {
    HTML,
    TEXT;

    /** The spelling of the subscribers file and of column {@code subscriber.format}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads that spelling, in any case. */
    @JsonCreator
    public static Format fromValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
