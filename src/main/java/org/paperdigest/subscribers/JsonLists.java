package org.paperdigest.subscribers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The JSON arrays of strings in columns {@code interests}, {@code excludes} and {@code likes} of the subscriber. */
final class JsonLists {

    /** The columns' size; checked while reading the file so that a sync never fails half-way on it. */
    static final int MAX_CHARS = 20_000;
    /** Distinct lists {@link #read} keeps, the first met: readers share lists, and memory stays bounded. */
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

    /** A list read again is the same strings, whose hashes the matcher's lookups have already. */
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
