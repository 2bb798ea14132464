package org.paperdigest.subscribers;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * One read of the subscribers file, an entry at a time, in the same memory however long the file is: the YAML
 * is streamed, and each entry alone becomes a tree, is bound to {@link EntryFields} and validated. The first
 * problem from the top ends the read with a {@link BadInputException}.
 */
final class EntryReader implements AutoCloseable {

    private final Path path;
    private final String file;
    private final LineNoting parser;
    private final ObjectReader fields;
    private final Validator validator;
    private final EntryProblems problems;
    private int number;
    private boolean done;
    /** The token after the last entry read, and its line. */
    private JsonToken ahead;
    private int aheadLine;
    /** The line of the key 'subscribers'. */
    private int listLine;

    /** @param in the file's bytes, decoded here as strict UTF-8 */
    EntryReader(Path path, InputStream in, ObjectReader fields, Validator validator) {
        this.path = path;
        this.file = path.toString();
        this.fields = fields;
        this.validator = validator;
        this.problems = new EntryProblems(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.parser = new LineNoting(fields.createParser(new InputStreamReader(in, utf8)), problems);
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The number of the entry {@link #next} gave last, from 1. */
    int number() {
        return number;
    }

    /** @return the next entry, valid, or null after the last (the rest of the file is then checked too) */
    SubscriberEntry next() {
        if (done) {
            return null;
        }
        if (ahead == JsonToken.END_ARRAY) {
            done = true;
            end();
            return null;
        }
        int line = aheadLine;
        String number = "subscriber #" + ++this.number;
        parser.newEntry();
        JsonNode entry = read(() -> fields.readTree(parser), () -> parser.email() == null ? number
                : number + " (" + EntryProblems.escape(parser.email().strip(), 100) + ")");
        // a syntax error right after the entry comes before what is wrong within it, as in the file
        advance();
        EntryProblems.KeyLines lines = (key, index) -> parser.line(key, index, line);
        if (!entry.isObject()) {
            throw problems.at(line, number, EntryProblems.mustBeAMapping() + EntryProblems.describe(entry));
        }
        JsonNode email = entry.path("email");
        String who = email.isString() && !email.asString().isBlank()
                ? number + " (" + EntryProblems.escape(email.asString().strip(), 100) + ")" : number;
        BadInputException empty = problems.emptyValue(lines, who, entry);
        if (empty != null) {
            throw empty;
        }
        EntryFields bound;
        try {
            bound = fields.readValue(entry);
        } catch (JacksonException e) {
            throw problems.binding(lines, who, entry, e);
        }
        Set<ConstraintViolation<EntryFields>> violations = validator.validate(bound);
        if (!violations.isEmpty()) {
            throw problems.violation(lines, who, violations);
        }
        SubscriberEntry valid = bound.toEntry(line);
        for (String key : new String[] {"interests", "exclude"}) {
            int chars = JsonLists.write(key.equals("exclude") ? valid.exclude() : valid.interests()).length();
            if (chars > JsonLists.MAX_CHARS) {
                throw problems.at(lines.line(key, -1), who, key + " is too long: " + chars
                        + " characters stored as JSON, at most " + JsonLists.MAX_CHARS);
            }
        }
        return valid;
    }

    /** Reads the token after an entry: the next one's start, or the list's end. */
    private void advance() {
        ahead = token();
        aheadLine = parser.currentTokenLocation().getLineNr();
    }

    /** The top: one mapping whose only key is the list, read up to its first entry. */
    private void start() {
        JsonToken token = token();
        if (token == null) {
            throw problems.at(1, null, "the file is empty; expected a mapping with a 'subscribers' list"
                    + " (write 'subscribers: []' to deactivate everyone)");
        }
        int line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
            throw problems.at(line, null, "the top level must be a mapping with a 'subscribers' list, not "
                    + (token == JsonToken.START_ARRAY ? "a list" : EntryProblems.describe(read(parser::readValueAsTree))));
        }
        if (token() != JsonToken.PROPERTY_NAME) {
            throw problems.at(line, null, "missing 'subscribers' list (write 'subscribers: []' to deactivate everyone)");
        }
        key();
        listLine = parser.currentTokenLocation().getLineNr();
        if (token() != JsonToken.START_ARRAY) {
            line = parser.currentTokenLocation().getLineNr();
            throw problems.at(line, null, "'subscribers' must be a list of entries, not "
                    + EntryProblems.describe(read(parser::readValueAsTree))
                    + " (write 'subscribers: []' to deactivate everyone)");
        }
        advance();
    }

    /** After the list: no other key, and no second document. */
    private void end() {
        if (token() == JsonToken.PROPERTY_NAME) {
            key(); // "subscribers" again is a duplicate the parser reports; anything else is unknown
        }
        if (token() != null) {
            throw problems.at(parser.currentTokenLocation().getLineNr(), null,
                    "invalid YAML: expected a single document in the stream, but found another document");
        }
    }

    private void key() {
        String key = read(parser::currentName);
        if (!key.equals("subscribers")) {
            throw problems.at(parser.currentTokenLocation().getLineNr(), null, "unknown top-level key "
                    + EntryProblems.quote(key) + " (allowed: subscribers)");
        }
    }

    private JsonToken token() {
        return read(parser::nextToken);
    }

    /** Runs a step of the parser, and words what it fails on. */
    private <T> T read(Supplier<T> step) {
        return read(step, () -> null);
    }

    /** @param who the entry being read, or null at the top, for a problem within it */
    private <T> T read(Supplier<T> step, Supplier<String> who) {
        try {
            return step.get();
        } catch (JacksonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CharacterCodingException) {
                    throw BadCharacter.find(path, problems, e);
                }
            }
            if (e instanceof JacksonIOException) {
                throw new BadInputException(OneLine.of(file + ": cannot read the file: " + e.getCause().getMessage()), e);
            }
            if (String.valueOf(e.getOriginalMessage()).startsWith("special characters are not allowed")) {
                throw BadCharacter.find(path, problems, e); // the parser knows only roughly where
            }
            String entry = who.get();
            throw problems.yaml(e, entry, entry == null ? key -> listLine : parser::line);
        }
    }

    @Override
    public void close() {
        parser.close();
    }
}
