package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** How a subscriber wants the digest: multipart text+HTML, or plain text only. */
public enum Format {
    HTML,
    TEXT;

    /** The spelling used in the subscribers file and in the {@code subscriber.format} column. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file/column spelling ({@code html} or {@code text}, any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static Format fromValue(String value) {
        for (Format format : values()) {
            if (format.value().equalsIgnoreCase(value.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "'");
    }
}
