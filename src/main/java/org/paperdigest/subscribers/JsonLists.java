package org.paperdigest.subscribers;

import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The JSON arrays of strings kept in {@code subscriber.interests} and {@code subscriber.excludes}. */
final class JsonLists {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** The columns' size; checked while reading the file so that a sync never fails half-way on it. */
    static final int MAX_CHARS = 20_000;

    private JsonLists() {
    }

    static String write(List<String> values) {
        return JsonMapper.shared().writeValueAsString(values);
    }

    static List<String> read(String json) {
        return List.copyOf(JsonMapper.shared().readValue(json, STRINGS));
    }
}
