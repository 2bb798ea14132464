package org.paperdigest.subscribers;

import jakarta.validation.ConstraintViolation;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Words a problem of the subscribers file as one line, {@code file:line: subscriber #N (email): problem}, from what
 * the parser, Jackson or Bean Validation found: the key, the list element, and what the file has there.
 */
final class EntryProblems {

    /** In the order the documentation lists them. */
    static final List<String> KEYS = List.of("email", "name", "interests", "exclude", "like", "synonyms",
            "max-papers", "format", "frequency", "weekday", "active");
    static final String ALLOWED = String.join(", ", KEYS);
    private static final Map<String, String> EXPECTED = Map.ofEntries(Map.entry("email", "a string"),
            Map.entry("name", "a string"), Map.entry("interests", "a list of strings"),
            Map.entry("exclude", "a list of strings"), Map.entry("like", "a list of arXiv ids or titles"),
            Map.entry("synonyms", "true or false"), Map.entry("max-papers", "an integer from 1 to 100"),
            Map.entry("format", "html or text"), Map.entry("frequency", "daily or weekly"),
            Map.entry("weekday", "a day of the week, monday to sunday"), Map.entry("active", "true or false"));
    private static final Set<String> MAY_BE_EMPTY = Set.of("name", "exclude", "like");
    private static final int MAX_QUOTED_CHARS = 100;
    /** Of an interest, in a message: enough to recognise it; a query may be thousands of characters long. */
    private static final int MAX_QUOTED_QUERY_CHARS = 80;
    private static final int MAX_REASON_CHARS = 200;

    private final Path file;

    EntryProblems(Path file) {
        this.file = file;
    }

    /** The line of an entry's key, or of element {@code index} of its list (-1: the key's). */
    interface KeyLines {
        int line(String key, int index);
    }

    BadInputException at(int line, String who, String problem) {
        return new BadInputException(OneLine.of(file + ":" + line + ": " + (who == null ? "" : who + ": ") + problem));
    }

    /** The first key that may not be empty but is; null if none. */
    BadInputException emptyValue(KeyLines lines, Supplier<String> who, JsonNode entry) {
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            String key = field.getKey();
            if (field.getValue().isNull() && EXPECTED.containsKey(key) && !MAY_BE_EMPTY.contains(key)) {
                return at(lines.line(key, -1), who.get(),
                        key + " must be " + EXPECTED.get(key) + ", not an empty value");
            }
        }
        return null;
    }

    BadInputException binding(KeyLines lines, String who, JsonNode entry, JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String key = unknown.getPropertyName();
            String hint = key.equals("<<") ? "YAML merge keys are not supported; write every key out"
                    : "allowed: " + ALLOWED;
            return at(lines.line(key, -1), who, "unknown key " + quote(key) + " (" + hint + ")");
        }
        List<JacksonException.Reference> path = e.getPath();
        if (path.isEmpty() || path.get(0).getPropertyName() == null) {
            return at(lines.line("", -1), who, OneLine.of(e.getOriginalMessage()));
        }
        String key = path.get(0).getPropertyName();
        JsonNode value = entry.path(key);
        int index = path.size() > 1 ? path.get(1).getIndex() : -1;
        if (value.isArray() && index >= 0) {
            JsonNode element = value.path(index);
            return at(lines.line(key, index), who, key + " must be a list of strings, but " + item(key) + " #"
                    + (index + 1) + " is " + describe(element)
                    + (element.isValueNode() && !element.isNull() ? " (put it in quotes)" : ""));
        }
        return at(lines.line(key, -1), who, key + " must be " + EXPECTED.get(key) + ", not " + describe(value));
    }

    /** The first rule the entry breaks, in key order; {@code {n}} in a message is the list element's number. */
    BadInputException violation(KeyLines lines, String who, Set<ConstraintViolation<EntryFields>> violations) {
        ConstraintViolation<EntryFields> first = violations.stream().min(Comparator.comparingInt(
                (ConstraintViolation<EntryFields> v) -> KEYS.indexOf(key(v.getPropertyPath())))
                .thenComparingInt(v -> index(v.getPropertyPath()))).orElseThrow();
        String key = key(first.getPropertyPath());
        Object invalid = first.getInvalidValue();
        int index = index(first.getPropertyPath());
        Object reason = first.unwrap(HibernateConstraintViolation.class).getDynamicPayload(String.class);
        if (reason != null) { // the query parser's reason, short: a query may be thousands of words
            return at(lines.line(key, index), who, "invalid " + item(key) + " " + quote(String.valueOf(invalid).strip(),
                    MAX_QUOTED_QUERY_CHARS) + ": " + escape(OneLine.of(reason.toString()), MAX_REASON_CHARS));
        }
        String message = first.getMessage()
                .replace("{n}", String.valueOf(index + 1))
                .replace("{length}", invalid instanceof String s ? String.valueOf(s.length()) : "")
                .replace("{invalid}", invalid instanceof String s ? quote(s.strip()) : String.valueOf(invalid));
        return at(lines.line(key, index), who, message);
    }

    /** A YAML syntax error where the parser met it, or a key given twice in {@code who} (null: at the top). */
    BadInputException yaml(JacksonException e, String who, ToIntFunction<String> firstLines) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return BadCharacter.find(file, this, e);
            }
        }
        if (e instanceof JacksonIOException) {
            return new BadInputException(OneLine.of(file + ": cannot read the file: " + e.getCause().getMessage()), e);
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("special characters are not allowed")) {
            return BadCharacter.find(file, this, e); // the parser knows only roughly where
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String problem = e.getOriginalMessage();
        if (e.getCause() instanceof MarkedYamlEngineException marked) {
            line = marked.getProblemMark().map(mark -> mark.getLine() + 1).orElse(line);
            problem = (marked.getContext() == null ? "" : marked.getContext() + ", ") + marked.getProblem();
        }
        if (problem.startsWith("Duplicate Object property ")) {
            String key = problem.substring(26).replace("\"", "");
            int first = firstLines.applyAsInt(key);
            return at(line, who, "duplicate key " + quote(key) + (first > 0 ? " (first at line " + first + ")" : ""));
        }
        return new BadInputException(OneLine.of(file + (line > 0 ? ":" + line : "") + ": invalid YAML: "
                + escape(problem, 300)), e);
    }

    private static String key(jakarta.validation.Path path) {
        String name = path.iterator().next().getName();
        return name.equals("maxPapers") ? "max-papers" : name.equals("weekdayOfAWeeklyReader") ? "weekday" : name;
    }

    private static int index(jakarta.validation.Path path) {
        for (jakarta.validation.Path.Node node : path) {
            if (node.getIndex() != null) {
                return node.getIndex();
            }
        }
        return -1;
    }

    private static String item(String key) {
        return key.equals("exclude") ? "exclude" : key.equals("like") ? "example" : "interest";
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case NULL, MISSING -> "an empty value";
            case STRING -> "the string " + quote(node.asString());
            case NUMBER -> "the number " + escape(node.asString());
            case BOOLEAN -> "the boolean " + node.asString();
            default -> "the value " + quote(node.toString());
        };
    }

    static String quote(String value) {
        return quote(value, MAX_QUOTED_CHARS);
    }

    private static String quote(String value, int maxChars) {
        return "'" + escape(value, maxChars) + "'";
    }

    static String escape(String value) {
        return escape(value, MAX_QUOTED_CHARS);
    }

    /** A value from the file, made safe for a one-line message: control characters escaped, length capped. */
    private static String escape(String value, int maxChars) {
        String capped = value.length() > maxChars ? value.substring(0, maxChars) + "..." : value;
        StringBuilder out = new StringBuilder(capped.length());
        for (char c : capped.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04X", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
