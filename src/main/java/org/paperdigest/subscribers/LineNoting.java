package org.paperdigest.subscribers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * The parser, noting the line of each key of an entry and of each element of its lists, so that a problem
 * Jackson or Bean Validation finds in the entry can name its line. Refuses YAML aliases ({@code *name}),
 * which Jackson would read as the string "name".
 */
final class LineNoting extends JsonParserDelegate {

    /** Nesting depth of an entry's mapping: in the root mapping, in the list. */
    private static final int ENTRY = 3;
    private final Map<String, Integer> keys = new HashMap<>();
    private final Map<String, List<Integer>> elements = new HashMap<>();
    private String email;

    private final EntryProblems problems;

    LineNoting(JsonParser parser, EntryProblems problems) {
        super(parser);
        this.problems = problems;
    }

    /** The line of the entry's key, or of its list element {@code index} (from 0, or -1 for the key). */
    int line(String key, int index, int entryLine) {
        List<Integer> lines = elements.get(key);
        if (index >= 0 && lines != null && index < lines.size()) {
            return lines.get(index);
        }
        return keys.getOrDefault(key, entryLine);
    }

    /** The line of a key of the entry being read; 0 if it has none. */
    int line(String key) {
        return keys.getOrDefault(key, 0);
    }

    void newEntry() {
        keys.clear();
        elements.clear();
        email = null;
    }

    /** The entry's address as read so far, for naming it in a problem met before its end. */
    String email() {
        return email;
    }

    @Override
    public String nextName() {
        String name = super.nextName();
        if (name != null) {
            noted(JsonToken.PROPERTY_NAME);
        }
        return name;
    }

    @Override
    public JsonToken nextToken() {
        return noted(super.nextToken());
    }

    private JsonToken noted(JsonToken token) {
        if (delegate() instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw problems.at(currentTokenLocation().getLineNr(), null,
                    "invalid YAML: aliases (*" + getString() + ") are not supported; write the value out");
        }
        TokenStreamContext context = streamReadContext();
        int depth = context.getNestingDepth();
        if (token == JsonToken.VALUE_STRING && depth == ENTRY && "email".equals(currentName())) {
            email = getString();
        }
        if (token == JsonToken.PROPERTY_NAME && depth == ENTRY) {
            keys.put(currentName(), currentTokenLocation().getLineNr());
        } else if (token != null && token.isScalarValue() && context.inArray() && depth == ENTRY + 1
                || token != null && token.isStructStart() && depth == ENTRY + 2 && context.getParent().inArray()) {
            String key = depth == ENTRY + 1 ? context.getParent().currentName() : context.getParent().getParent().currentName();
            elements.computeIfAbsent(key, k -> new ArrayList<>()).add(currentTokenLocation().getLineNr());
        }
        return token;
    }
}
