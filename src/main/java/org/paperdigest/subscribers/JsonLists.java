package org.paperdigest.subscribers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The JSON arrays of strings kept in {@code subscriber.interests} and {@code subscriber.excludes}. */
final class JsonLists {

    /** The columns' size; checked while reading the file so that a sync never fails half-way on it. */
    static final int MAX_CHARS = 20_000;

    /**
     * How many distinct lists {@link #read} keeps. Subscribers pick their interests from a vocabulary, so
     * many have the same list: a send read each row's lists anew, and parsing them was a fifteenth of the
     * CPU of the threads that read subscribers and record deliveries. A list read again is then the same
     * strings, whose hashes the matcher's per-interest lookups have already. The first lists met stay, so
     * the memory stays bounded whatever the number of subscribers.
     */
    static final int KEPT = 20_000;

    private static final ObjectReader READER = JsonMapper.shared().readerFor(new TypeReference<List<String>>() {
    });
    private static final ObjectWriter WRITER = JsonMapper.shared().writer();
    private static final Map<String, List<String>> KEPT_LISTS = new ConcurrentHashMap<>();

    private JsonLists() {
    }

    static String write(List<String> values) {
        return WRITER.writeValueAsString(values);
    }

    static List<String> read(String json) {
        List<String> kept = KEPT_LISTS.get(json);
        if (kept != null) {
            return kept;
        }
        List<String> values = List.copyOf(READER.<List<String>>readValue(json));
        if (KEPT_LISTS.size() < KEPT) {
            KEPT_LISTS.putIfAbsent(json, values);
        }
        return values;
    }
}
