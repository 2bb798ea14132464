package org.paperdigest.subscribers;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.paperdigest.BadInputException;
import org.paperdigest.subscribers.SubscriberTable.Row;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * One read of the subscribers file, entry by entry in the same memory whatever its length: each entry alone becomes a
 * tree, is bound to {@link EntryFields} and validated. As the parser, it notes the lines of an entry's keys and list
 * elements for messages, and refuses YAML aliases, which Jackson would read as strings.
 */
final class EntryReader extends JsonParserDelegate {

    /** Nesting depth of an entry's mapping: in the top mapping, in the list. */
    private static final int ENTRY = 3;
    /** The size of the list columns: checked while reading, so that a sync never fails half-way on it. */
    private static final int MAX_LIST_CHARS = 20_000;
    private static final String WRITE_EMPTY = " (write 'subscribers: []' to deactivate everyone)";

    private final EntryProblems problems;
    private final ObjectReader fields;
    private final Validator validator;
    /** The lines of the entry's keys ({@code interests}) and list elements ({@code interests/0}). */
    private final Map<String, Integer> lines = new HashMap<>();
    /** As read so far, to name the entry in a problem met before its end. */
    private String email;
    private int number;
    private int listLine;
    private MappingIterator<JsonNode> entries;
    private Row row;

    EntryReader(Path path, InputStream in, ObjectReader fields, Validator validator) {
        super(fields.createParser(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))));
        this.problems = new EntryProblems(path);
        this.fields = fields;
        this.validator = validator;
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int number() {
        return number;
    }

    /** The next entry, valid, or null after the last (the rest of the file is then checked too). */
    SubscriberEntry next() {
        if (!step(entries::hasNextValue, false)) {
            end();
            return null;
        }
        int line = line();
        number++;
        lines.clear();
        email = null;
        JsonNode entry = step(entries::nextValue, true);
        step(entries::hasNextValue, false); // a syntax error right after the entry (a bad indent) is what broke it
        if (!entry.isObject()) {
            throw problems.at(line, who(), "must be a mapping with keys " + EntryProblems.ALLOWED + ", not "
                    + EntryProblems.describe(entry));
        }
        EntryProblems.KeyLines at = (key, index) -> lines.getOrDefault(key + "/" + index,
                lines.getOrDefault(key, line));
        BadInputException empty = problems.emptyValue(at, this::who, entry);
        if (empty != null) {
            throw empty;
        }
        EntryFields bound;
        try {
            bound = fields.readValue(entry);
        } catch (JacksonException e) {
            throw problems.binding(at, who(), entry, e);
        }
        Set<ConstraintViolation<EntryFields>> violations = validator.validate(bound);
        if (!violations.isEmpty()) {
            throw problems.violation(at, who(), violations);
        }
        SubscriberEntry valid = bound.toEntry(line);
        row = Row.of(valid);
        checkStoredLength(at.line("interests", -1), "interests", row.interests());
        checkStoredLength(at.line("exclude", -1), "exclude", row.excludes());
        return valid;
    }

    /** The last entry's row: its lists are written as JSON once, for the length check and the sync. */
    Row row() {
        return row;
    }

    private void checkStoredLength(int line, String key, String json) {
        if (json.length() > MAX_LIST_CHARS) {
            throw problems.at(line, who(), key + " is too long: " + json.length()
                    + " characters stored as JSON, at most " + MAX_LIST_CHARS);
        }
    }

    /** The top: one mapping whose only key is the list, read up to its first entry. */
    private void start() {
        JsonToken token = step(this::nextToken, false);
        if (token == null) {
            throw problems.at(1, null, "the file is empty; expected a mapping with a 'subscribers' list" + WRITE_EMPTY);
        }
        if (token != JsonToken.START_OBJECT) {
            throw problems.at(line(), null, "the top level must be a mapping with a 'subscribers' list, not "
                    + (token == JsonToken.START_ARRAY ? "a list" : describeValue()));
        }
        if (step(this::nextToken, false) != JsonToken.PROPERTY_NAME) {
            throw problems.at(line(), null, "missing 'subscribers' list" + WRITE_EMPTY);
        }
        topKey();
        listLine = line();
        if (step(this::nextToken, false) != JsonToken.START_ARRAY) {
            throw problems.at(line(), null, "'subscribers' must be a list of entries, not " + describeValue()
                    + WRITE_EMPTY);
        }
        clearCurrentToken(); // the iterator then reads the list's entries, and stops at its end
        entries = fields.forType(JsonNode.class).readValues(this);
    }

    /** After the list: no other key, and no second document. */
    private void end() {
        if (step(this::nextToken, false) == JsonToken.PROPERTY_NAME) {
            topKey(); // 'subscribers' again is a duplicate the parser reports; any other key is unknown
        }
        if (step(this::nextToken, false) != null) {
            throw problems.at(line(), null,
                    "invalid YAML: expected a single document in the stream, but found another document");
        }
    }

    private void topKey() {
        if (!currentName().equals("subscribers")) {
            throw problems.at(line(), null, "unknown top-level key " + EntryProblems.quote(currentName())
                    + " (allowed: subscribers)");
        }
    }

    private String describeValue() {
        return EntryProblems.describe(step(this::readValueAsTree, false));
    }

    /** Runs a step of the parser, and words what it fails on. */
    private <T> T step(Supplier<T> step, boolean inEntry) {
        try {
            return step.get();
        } catch (JacksonException e) {
            throw inEntry ? problems.yaml(e, who(), key -> lines.getOrDefault(key, 0))
                    : problems.yaml(e, null, key -> listLine);
        }
    }

    /** Named in a problem only: an entry that has none costs no string. */
    private String who() {
        return "subscriber #" + number
                + (email == null || email.isBlank() ? "" : " (" + EntryProblems.escape(email.strip()) + ")");
    }

    private int line() {
        return currentTokenLocation().getLineNr();
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
            throw problems.at(line(), null,
                    "invalid YAML: aliases (*" + getString() + ") are not supported; write the value out");
        }
        if (token == null || token.isStructEnd()) {
            return token;
        }
        // a mapping or list that starts is in its parent
        TokenStreamContext context = token.isStructStart() ? streamReadContext().getParent() : streamReadContext();
        if (context.getNestingDepth() == ENTRY && token == JsonToken.PROPERTY_NAME) {
            lines.put(currentName(), line());
        } else if (context.getNestingDepth() == ENTRY && token == JsonToken.VALUE_STRING
                && "email".equals(currentName())) {
            email = getString();
        } else if (context.getNestingDepth() == ENTRY + 1 && context.inArray()) {
            lines.put(context.getParent().currentName() + "/" + context.getCurrentIndex(), line());
        }
        return token;
    }
}
