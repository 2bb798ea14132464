package org.paperdigest.subscribers;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paperdigest.BadInputException;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads and validates the subscribers file (config/subscribers.yml). Works on SnakeYAML's node
 * tree rather than on loaded maps so that every error can name its line; the whole file is
 * validated before anyone writes anything, and the first problem found is reported as a
 * {@link BadInputException} with a one-line message {@code file:line: subscriber #N (email): problem}.
 */
@Component
public class SubscribersFile {

    /** The keys of an entry, in the order the documentation lists them. */
    static final List<String> KEYS =
            List.of("email", "name", "interests", "exclude", "max-papers", "format", "active");

    static final int DEFAULT_MAX_PAPERS = 10;
    static final int MAX_MAX_PAPERS = 100;
    /** The size of {@code subscriber.name}. */
    static final int MAX_NAME_CHARS = 200;
    /** RFC 5321's limit on a forward path, so the mail server would refuse anything longer. */
    static final int MAX_EMAIL_CHARS = 254;

    private static final String ALLOWED = String.join(", ", KEYS);
    private static final int MAX_QUOTED_CHARS = 100;

    private final InterestValidator interestValidator;

    public SubscribersFile(InterestValidator interestValidator) {
        this.interestValidator = Objects.requireNonNull(interestValidator, "interestValidator");
    }

    /**
     * @param file named in messages exactly as given
     * @return the entries in file order; empty when the file says {@code subscribers: []}
     * @throws BadInputException for the first problem in the file
     */
    public List<SubscriberEntry> read(Path file) {
        String label = file.toString();
        String text = decode(label, readBytes(file, label));
        Node root = compose(label, text);
        return new Parse(label).entries(root);
    }

    private static byte[] readBytes(Path file, String label) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(oneLine(label + ": is a directory, not a subscribers file"));
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(oneLine(label + ": file not found"));
        } catch (AccessDeniedException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: " + e.getMessage()), e);
        }
    }

    /** Strict UTF-8: a Latin-1 file must be reported, not silently read as replacement characters. */
    private static String decode(String label, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new BadInputException(oneLine(label + ":" + line + ": the file is not valid UTF-8 (byte "
                    + String.format("0x%02X", bytes[offset] & 0xFF) + " at offset " + offset
                    + "); save it as UTF-8"));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Node compose(String label, String text) {
        LoaderOptions options = new LoaderOptions();
        // a subscribers file has no business with recursive structures or alias bombs
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        // SnakeYAML stops at 3 MiB by default, about 24,000 subscribers; a list may be far longer.
        options.setCodePointLimit(Integer.MAX_VALUE);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1);
            StringBuilder message = new StringBuilder(label).append(where).append(": invalid YAML: ");
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && problem.startsWith("but ")) {
                // SnakeYAML splits "expected X, but found Y" into context and problem
                message.append(e.getContext());
                if (e.getContextMark() != null && e.getContextMark() != mark) {
                    message.append(" (line ").append(e.getContextMark().getLine() + 1).append(')');
                }
                message.append(", ").append(problem);
            } else {
                message.append(problem);
            }
            if (e.getContext() != null && !problem.startsWith("but ")) {
                message.append(" (").append(e.getContext());
                if (e.getContextMark() != null && e.getContextMark() != mark) {
                    message.append(" at line ").append(e.getContextMark().getLine() + 1);
                }
                message.append(')');
            }
            throw new BadInputException(oneLine(message.toString()), e);
        } catch (ReaderException e) {
            throw new BadInputException(oneLine(label + ":" + lineOfCodePoint(text, e.getPosition())
                    + ": invalid YAML: character " + String.format("U+%04X", e.getCodePoint())
                    + " is not allowed in YAML"), e);
        } catch (YAMLException e) {
            throw new BadInputException(oneLine(label + ": invalid YAML: " + e.getMessage()), e);
        }
    }

    private static int lineOfCodePoint(String text, int position) {
        int line = 1;
        int[] codePoints = text.codePoints().limit(Math.max(position, 0)).toArray();
        for (int c : codePoints) {
            if (c == '\n') {
                line++;
            }
        }
        return line;
    }

    /** One parse of one file: knows the file's name for messages and remembers the emails seen. */
    private final class Parse {

        private final String file;
        private final ScalarValues scalars = new ScalarValues();
        private final Map<String, Seen> emails = new HashMap<>();

        Parse(String file) {
            this.file = file;
        }

        List<SubscriberEntry> entries(Node root) {
            if (root == null) {
                throw fail(1, null, "the file is empty; expected a mapping with a 'subscribers' list"
                        + " (write 'subscribers: []' to deactivate everyone)");
            }
            if (!(root instanceof MappingNode top)) {
                throw fail(line(root), null, "the top level must be a mapping with a 'subscribers' list, not "
                        + describe(root));
            }
            Node list = null;
            int listLine = 0;
            for (NodeTuple tuple : top.getValue()) {
                String key = key(tuple.getKeyNode(), null);
                if (!key.equals("subscribers")) {
                    throw fail(line(tuple.getKeyNode()), null, "unknown top-level key " + quote(key)
                            + " (allowed: subscribers)");
                }
                if (list != null) {
                    throw fail(line(tuple.getKeyNode()), null,
                            "duplicate key 'subscribers' (first at line " + listLine + ")");
                }
                list = tuple.getValueNode();
                listLine = line(tuple.getKeyNode());
            }
            if (list == null) {
                throw fail(line(root), null, "missing 'subscribers' list"
                        + " (write 'subscribers: []' to deactivate everyone)");
            }
            // an empty value is refused: deactivating everyone must be written out as []
            if (!(list instanceof SequenceNode sequence)) {
                throw fail(line(list), null, "'subscribers' must be a list of entries, not " + describe(list)
                        + " (write 'subscribers: []' to deactivate everyone)");
            }
            List<SubscriberEntry> entries = new ArrayList<>();
            for (Node node : sequence.getValue()) {
                entries.add(entry(node, entries.size() + 1));
            }
            return List.copyOf(entries);
        }

        private SubscriberEntry entry(Node node, int number) {
            String who = "subscriber #" + number;
            if (!(node instanceof MappingNode map)) {
                throw fail(line(node), who, "must be a mapping with keys " + ALLOWED + ", not " + describe(node));
            }
            who = label(map, who);
            Map<String, NodeTuple> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = key(keyNode, who);
                if (!KEYS.contains(key)) {
                    String hint = key.equals("<<") ? "YAML merge keys are not supported; write every key out"
                            : "allowed: " + ALLOWED;
                    throw fail(line(keyNode), who, "unknown key " + quote(key) + " (" + hint + ")");
                }
                NodeTuple first = fields.putIfAbsent(key, tuple);
                if (first != null) {
                    throw fail(line(keyNode), who, "duplicate key " + quote(key) + " (first at line "
                            + line(first.getKeyNode()) + ")");
                }
            }
            String email = email(fields.get("email"), map, who, number);
            return new SubscriberEntry(
                    email,
                    name(fields.get("name"), who),
                    queries(fields.get("interests"), map, who, true),
                    queries(fields.get("exclude"), map, who, false),
                    maxPapers(fields.get("max-papers"), who),
                    format(fields.get("format"), who),
                    active(fields.get("active"), who),
                    line(map));
        }

        /** "subscriber #N (email as written)", so that every message about the entry names it. */
        private String label(MappingNode map, String who) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("email")
                        && tuple.getValueNode() instanceof ScalarNode value && !value.getTag().equals(Tag.NULL)
                        && !value.getValue().isBlank()) {
                    return who + " (" + escape(value.getValue().trim()) + ")";
                }
            }
            return who;
        }

        private String key(Node node, String who) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            throw fail(line(node), who, "a key must be a plain word, not " + describe(node));
        }

        private String email(NodeTuple tuple, MappingNode map, String who, int number) {
            if (tuple == null) {
                throw fail(line(map), who, "missing required key 'email'");
            }
            Node node = tuple.getValueNode();
            String email = string(node, who, "email");
            String problem = emailProblem(email);
            if (problem != null) {
                throw fail(line(node), who, "invalid email " + quote(email) + ": " + problem);
            }
            Seen first = emails.putIfAbsent(EmailKey.of(email), new Seen(number, line(node), email));
            if (first != null) {
                throw fail(line(node), who, "duplicate email: subscriber #" + first.number() + " at line "
                        + first.line() + " has the same address (" + escape(first.email())
                        + "; addresses are compared ignoring case)");
            }
            return email;
        }

        private String name(NodeTuple tuple, String who) {
            if (tuple == null || isNull(tuple.getValueNode())) {
                return null;
            }
            String name = string(tuple.getValueNode(), who, "name");
            if (name.length() > MAX_NAME_CHARS) {
                throw fail(line(tuple.getValueNode()), who, "name is " + name.length()
                        + " characters long, at most " + MAX_NAME_CHARS + " are allowed");
            }
            return name.isEmpty() ? null : name;
        }

        /** Interests (required, at least one) or excludes (optional): non-blank strings, each a valid query. */
        private List<String> queries(NodeTuple tuple, MappingNode map, String who, boolean required) {
            String key = required ? "interests" : "exclude";
            String item = required ? "interest" : "exclude";
            if (tuple == null) {
                if (required) {
                    throw fail(line(map), who, "missing required key 'interests' (a list of at least one query)");
                }
                return List.of();
            }
            Node node = tuple.getValueNode();
            if (!required && isNull(node)) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                throw fail(line(node), who, key + " must be a list of strings, not " + describe(node));
            }
            if (required && sequence.getValue().isEmpty()) {
                throw fail(line(node), who, "interests is empty; list at least one interest");
            }
            List<String> values = new ArrayList<>();
            for (Node element : sequence.getValue()) {
                int number = values.size() + 1;
                if (!(element instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
                    String hint = element instanceof ScalarNode && !isNull(element) ? " (put it in quotes)" : "";
                    throw fail(line(element), who, key + " must be a list of strings, but " + item + " #"
                            + number + " is " + describe(element) + hint);
                }
                String value = scalar.getValue().trim();
                if (value.isEmpty()) {
                    throw fail(line(element), who, item + " #" + number + " is blank");
                }
                try {
                    interestValidator.validate(value);
                } catch (IllegalArgumentException e) {
                    String reason = e.getMessage() == null ? "not a valid query" : e.getMessage();
                    throw fail(line(element), who, "invalid " + item + " " + quote(value) + ": " + reason);
                }
                values.add(value);
            }
            int jsonChars = JsonLists.write(values).length();
            if (jsonChars > JsonLists.MAX_CHARS) {
                throw fail(line(node), who, key + " is too long: " + jsonChars
                        + " characters stored as JSON, at most " + JsonLists.MAX_CHARS);
            }
            return List.copyOf(values);
        }

        private int maxPapers(NodeTuple tuple, String who) {
            if (tuple == null) {
                return DEFAULT_MAX_PAPERS;
            }
            Node node = tuple.getValueNode();
            String expected = "max-papers must be an integer from 1 to " + MAX_MAX_PAPERS + ", not ";
            if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
                throw fail(line(node), who, expected + describe(node));
            }
            Object value;
            try {
                value = scalars.value(scalar); // SnakeYAML's reading: 0x0A, 1_0 and +10 are 10 too
            } catch (YAMLException | NumberFormatException e) {
                throw fail(line(node), who, expected + quote(scalar.getValue()));
            }
            if (value instanceof Integer n && n >= 1 && n <= MAX_MAX_PAPERS) {
                return n;
            }
            throw fail(line(node), who, expected + scalar.getValue().trim());
        }

        private Format format(NodeTuple tuple, String who) {
            if (tuple == null) {
                return Format.HTML;
            }
            Node node = tuple.getValueNode();
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
                try {
                    return Format.fromValue(scalar.getValue());
                } catch (IllegalArgumentException e) {
                    // fall through to the message below
                }
            }
            throw fail(line(node), who, "format must be html or text, not " + describe(node));
        }

        private boolean active(NodeTuple tuple, String who) {
            if (tuple == null) {
                return true;
            }
            Node node = tuple.getValueNode();
            // SnakeYAML resolves YAML 1.1 booleans: yes/no/on/off count as true/false
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
                    && scalars.value(scalar) instanceof Boolean active) {
                return active;
            }
            throw fail(line(node), who, "active must be true or false, not " + describe(node));
        }

        private String string(Node node, String who, String key) {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
                return scalar.getValue().trim();
            }
            throw fail(line(node), who, key + " must be a string, not " + describe(node));
        }

        private BadInputException fail(int line, String who, String problem) {
            return new BadInputException(oneLine(file + ":" + line + ": " + (who == null ? "" : who + ": ") + problem));
        }
    }

    /** Where an email was first seen, to name both lines of a duplicate. */
    private record Seen(int number, int line, String email) {
    }

    /** SnakeYAML's own conversions for the scalar tags it resolved, so that values mean what YAML says. */
    private static final class ScalarValues extends SafeConstructor {

        ScalarValues() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return constructObject(node);
        }
    }

    /** Null when {@code email} is exactly one bare address with a local part and a domain. */
    static String emailProblem(String email) {
        if (email.isEmpty()) {
            return "it is empty";
        }
        if (email.length() > MAX_EMAIL_CHARS) {
            return "longer than " + MAX_EMAIL_CHARS + " characters";
        }
        InternetAddress address;
        try {
            address = new InternetAddress(email, true);
            address.validate();
        } catch (AddressException e) {
            return e.getMessage();
        }
        if (address.isGroup()) {
            return "a group, write a single address";
        }
        // "Ada <ada@example.org>", "<ada@example.org>" and "ada@example.org (Ada)" parse, but the
        // file wants the address alone: the name has its own key
        if (address.getPersonal() != null || !email.equals(address.getAddress())) {
            return "write the bare address only, without a display name, comment or angle brackets";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return "expected local-part@domain";
        }
        return null;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What the file has instead of what was expected, in words. */
    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return "an empty value";
        }
        if (tag.equals(Tag.STR)) {
            return "the string " + quote(scalar.getValue());
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + escape(scalar.getValue());
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + escape(scalar.getValue());
        }
        return "a value tagged " + escape(tag.getValue()) + " (" + quote(scalar.getValue()) + ")";
    }

    private static String quote(String value) {
        return "'" + escape(value) + "'";
    }

    /** A value from the file, made safe for a one-line message: control characters escaped, length capped. */
    private static String escape(String value) {
        String capped = value.length() > MAX_QUOTED_CHARS ? value.substring(0, MAX_QUOTED_CHARS) + "..." : value;
        StringBuilder out = new StringBuilder(capped.length());
        for (char c : capped.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The last guard of the one-line contract, for text that comes from exceptions. */
    private static String oneLine(String message) {
        return message.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+\\s*", " ").strip();
    }
}
