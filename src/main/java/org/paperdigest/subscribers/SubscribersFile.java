package org.paperdigest.subscribers;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.paperdigest.BadInputException;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and validates the subscribers file (config/subscribers.yml) entry by entry, in the same
 * memory however long the file is: SnakeYAML's parser is driven event by event, and only one entry
 * at a time is composed into a node tree, on which the checks run so that every error can name its
 * line. The first problem met reading from the top is reported as a {@link BadInputException} with
 * a one-line message {@code file:line: subscriber #N (email): problem}.
 *
 * <p>A file also has a {@link #fingerprint}, by which a sync knows the file it applied last.
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

    /**
     * The version of the rules a file is read by: what an entry must be (its keys, address, queries, limits)
     * and the defaults it gets. It is part of a file's {@link #fingerprint}, so bump it whenever validation or a
     * default changes: the next sync then reads and applies again the file that the old rules accepted (the new
     * ones may refuse it, or give an entry another value), instead of skipping it as applied already.
     */
    static final int RULES = 2;

    private static final String ALLOWED = String.join(", ", KEYS);
    private static final int MAX_QUOTED_CHARS = 100;
    /** Of an interest, in a message: enough to recognise it; a query may be thousands of characters long. */
    private static final int MAX_QUOTED_QUERY_CHARS = 80;
    /** Of the reason a query is invalid, which comes from the query parser. */
    private static final int MAX_REASON_CHARS = 200;
    /** RFC 1035's limit on a domain name, which an internationalized one must keep in punycode. */
    private static final int MAX_DOMAIN_CHARS = 253;
    private static final int MAX_KNOWN_QUERIES = 10_000;

    private final InterestValidator interestValidator;
    /** What a fingerprint adds to the file's hash: the code that read the file, which a new jar may change. */
    private final String readBy;

    public SubscribersFile(InterestValidator interestValidator) {
        this.interestValidator = Objects.requireNonNull(interestValidator, "interestValidator");
        // the jar's manifest has it; classes run from target/classes (tests, an IDE) have none
        String version = getClass().getPackage().getImplementationVersion();
        this.readBy = " paper-digest:" + (version == null ? "dev" : version) + " rules:" + RULES;
    }

    /**
     * Where one read of the file sends what it finds, in file order. The read stops at the first
     * exception, from the file or from the receiver.
     */
    interface Entries {

        /**
         * Called as soon as entry {@code seen.number()}'s address is known to be valid, before the rest of
         * the entry is checked (so a duplicate is reported before the entry's later keys, as it always was).
         *
         * @return the earlier entry with the same {@link EmailKey}, if known now; null otherwise (a receiver
         *         that looks for duplicates later reports them with {@link #duplicate})
         */
        Seen firstWith(String emailKey, Seen seen);

        /** @return false to stop reading */
        boolean accept(SubscriberEntry entry);
    }

    /** Entry {@code number} and the line of its address, to name both lines of a duplicate. */
    record Seen(int number, int line, String email) {
    }

    /**
     * Every entry, in memory: for files that fit there. {@link SubscriberSync} syncs a file of any size.
     *
     * @param file named in messages exactly as given
     * @return the entries in file order; empty when the file says {@code subscribers: []}
     * @throws BadInputException for the first problem in the file
     */
    public List<SubscriberEntry> read(Path file) {
        List<SubscriberEntry> entries = new ArrayList<>();
        Map<String, Seen> emails = new HashMap<>();
        forEach(file, new Entries() {
            @Override
            public Seen firstWith(String emailKey, Seen seen) {
                return emails.putIfAbsent(emailKey, seen);
            }

            @Override
            public boolean accept(SubscriberEntry entry) {
                entries.add(entry);
                return true;
            }
        });
        return List.copyOf(entries);
    }

    /**
     * The entry with this address (ignoring case), reading no further than it: the entries before it
     * are checked, but not for duplicates, which would take memory in proportion to the file.
     *
     * @throws BadInputException for a problem met on the way
     */
    public Optional<SubscriberEntry> find(Path file, String email) {
        String wanted = email.strip();
        SubscriberEntry[] found = new SubscriberEntry[1];
        forEach(file, new Entries() {
            @Override
            public Seen firstWith(String emailKey, Seen seen) {
                return null;
            }

            @Override
            public boolean accept(SubscriberEntry entry) {
                if (entry.email().equalsIgnoreCase(wanted)) {
                    found[0] = entry;
                    return false;
                }
                return true;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /**
     * Where the file first has this address: for the message about a duplicate found after that entry
     * was let go.
     *
     * @throws IllegalStateException when it does not have it (any more)
     */
    Seen locate(Path file, String emailKey) {
        Seen[] first = new Seen[1];
        forEach(file, new Entries() {
            @Override
            public Seen firstWith(String key, Seen seen) {
                if (first[0] == null && key.equals(emailKey)) {
                    first[0] = seen;
                }
                return null;
            }

            @Override
            public boolean accept(SubscriberEntry entry) {
                return first[0] == null;
            }
        });
        if (first[0] == null) {
            throw new IllegalStateException(file + " changed while it was read: " + emailKey + " is gone");
        }
        return first[0];
    }

    /**
     * The file's fingerprint, {@code sha256:HEX paper-digest:VERSION rules:N}: the SHA-256 of its bytes, and the
     * versions of the code that reads it (the jar's, "dev" outside a jar, and {@link #RULES}), since the same
     * bytes read by other rules are not the same input. Reads the bytes without parsing them.
     *
     * @throws BadInputException when the file cannot be read
     */
    String fingerprint(Path file) {
        String label = file.toString();
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(open(file, label), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: " + e.getMessage()), e);
        }
        return fingerprint(sha256);
    }

    /**
     * Reads the file entry by entry into {@code entries}.
     *
     * @throws BadInputException for the first problem in the file
     */
    void forEach(Path file, Entries entries) {
        read(file, entries, null);
    }

    /**
     * Reads the whole file entry by entry into {@code entries}, as {@link #forEach} does, and gives the
     * {@link #fingerprint} of the bytes this read parsed: a file that changes meanwhile gets the fingerprint of
     * what was read, never that of the content it has now.
     *
     * @throws BadInputException for the first problem in the file
     * @throws IllegalStateException when {@code entries} stopped the read before the end of the file
     */
    String fingerprintedForEach(Path file, Entries entries) {
        MessageDigest sha256 = sha256();
        read(file, entries, sha256);
        return fingerprint(sha256);
    }

    /** Reads the file into {@code entries}, its bytes through {@code digest} when not null. */
    private void read(Path file, Entries entries, MessageDigest digest) {
        String label = file.toString();
        InputStream in = open(file, label);
        try (CheckedReader reader = new CheckedReader(digest == null ? in : new DigestInputStream(in, digest),
                label)) {
            new Parse(label, entries).document(reader);
            if (digest != null && !reader.atEnd()) {
                throw new IllegalStateException(label + ": the read stopped before the end of the file,"
                        + " so the fingerprint would name bytes that were not parsed");
            }
        } catch (IOException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: " + e.getMessage()), e);
        }
    }

    private String fingerprint(MessageDigest sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest()) + readBy;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The message for entry {@code later}, whose address entry {@code first} has already, in the words
     * a duplicate found while reading gets.
     */
    static BadInputException duplicate(String file, Seen later, Seen first) {
        return new BadInputException(oneLine(file + ":" + later.line() + ": subscriber #" + later.number() + " ("
                + escape(later.email()) + "): duplicate email: subscriber #" + first.number() + " at line "
                + first.line() + " has the same address (" + escape(first.email())
                + "; addresses are compared ignoring case)"));
    }

    private static InputStream open(Path file, String label) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(oneLine(label + ": is a directory, not a subscribers file"));
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(oneLine(label + ": file not found"));
        } catch (AccessDeniedException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new BadInputException(oneLine(label + ": cannot read the file: " + e.getMessage()), e);
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // a subscribers file has no business with recursive structures or alias bombs
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        // SnakeYAML stops at 3 MiB by default, about 24,000 subscribers; a list may be far longer.
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    private static BadInputException yamlError(String label, MarkedYAMLException e) {
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
        return new BadInputException(oneLine(message.toString()), e);
    }

    /** What SnakeYAML's Composer.getSingleNode says of a second document (its constructor is protected). */
    private static final class SecondDocument extends ComposerException {

        SecondDocument(Mark first, Mark second) {
            super("expected a single document in the stream", first, "but found another document", second);
        }
    }

    /** SnakeYAML's composer, one node at a time instead of a whole document. */
    private static final class NodeComposer extends Composer {

        NodeComposer(Parser parser, LoaderOptions options) {
            super(parser, new Resolver(), options);
        }

        Parser parser() {
            return parser;
        }

        /** Composes the node whose events come next: an entry, a key, a value. */
        Node next() {
            return composeValueNode(null);
        }
    }

    /** One read of one file: knows the file's name for messages and where the entries go. */
    private final class Parse {

        private final String file;
        private final Entries entries;
        private final ScalarValues scalars = new ScalarValues();
        /**
         * Queries already found valid: subscribers share interests, and checking a query costs more than
         * the rest of an entry. Bounded, like everything a read keeps.
         */
        private final Set<String> validQueries = new HashSet<>();

        Parse(String file, Entries entries) {
            this.file = file;
            this.entries = entries;
        }

        /** The whole file: one document, a mapping whose only key is the list, read entry by entry. */
        void document(CheckedReader reader) {
            LoaderOptions options = loaderOptions();
            NodeComposer nodes = new NodeComposer(new ParserImpl(new StreamReader(reader), options), options);
            Parser parser = nodes.parser();
            try {
                parser.getEvent(); // stream start
                if (parser.checkEvent(Event.ID.StreamEnd)) {
                    throw fail(1, null, "the file is empty; expected a mapping with a 'subscribers' list"
                            + " (write 'subscribers: []' to deactivate everyone)");
                }
                parser.getEvent(); // document start
                if (!parser.checkEvent(Event.ID.MappingStart)) {
                    Node root = shallow(nodes);
                    throw fail(line(root), null, "the top level must be a mapping with a 'subscribers' list, not "
                            + describe(root));
                }
                Mark rootMark = parser.getEvent().getStartMark();
                int listLine = 0;
                BadInputException notAList = null;
                while (!parser.checkEvent(Event.ID.MappingEnd)) {
                    Node keyNode = nodes.next();
                    String key = key(keyNode, null);
                    if (!key.equals("subscribers")) {
                        throw fail(line(keyNode), null, "unknown top-level key " + quote(key)
                                + " (allowed: subscribers)");
                    }
                    if (listLine != 0) {
                        throw fail(line(keyNode), null,
                                "duplicate key 'subscribers' (first at line " + listLine + ")");
                    }
                    listLine = line(keyNode);
                    if (parser.checkEvent(Event.ID.SequenceStart)) {
                        parser.getEvent();
                        if (!entries(nodes)) {
                            return; // the receiver has what it wanted: the rest of the file is not read
                        }
                    } else {
                        // an empty value is refused: deactivating everyone must be written out as [];
                        // reported after the other top-level keys, as when the file was checked as a whole
                        Node list = nodes.next();
                        notAList = fail(line(list), null, "'subscribers' must be a list of entries, not "
                                + describe(list) + " (write 'subscribers: []' to deactivate everyone)");
                    }
                }
                parser.getEvent(); // mapping end
                if (notAList != null) {
                    throw notAList;
                }
                if (listLine == 0) {
                    throw fail(rootMark.getLine() + 1, null, "missing 'subscribers' list"
                            + " (write 'subscribers: []' to deactivate everyone)");
                }
                parser.getEvent(); // document end
                if (!parser.checkEvent(Event.ID.StreamEnd)) {
                    throw new SecondDocument(rootMark, parser.getEvent().getStartMark());
                }
            } catch (MarkedYAMLException e) {
                throw yamlError(file, e);
            } catch (YAMLException e) {
                throw new BadInputException(oneLine(file + ": invalid YAML: " + e.getMessage()), e);
            }
        }

        /** The list's entries, each composed and checked alone; false when the receiver stopped the read. */
        private boolean entries(NodeComposer nodes) {
            int number = 0;
            while (!nodes.parser().checkEvent(Event.ID.SequenceEnd)) {
                if (!entries.accept(entry(nodes.next(), ++number))) {
                    return false;
                }
            }
            nodes.parser().getEvent();
            return true;
        }

        /**
         * The next node, not a mapping, for a message saying what it is: a list is not composed (at the top
         * it may be the whole file), only its start is given.
         */
        private Node shallow(NodeComposer nodes) {
            Event next = nodes.parser().peekEvent();
            if (next.is(Event.ID.SequenceStart)) {
                return new SequenceNode(Tag.SEQ, true, List.of(), next.getStartMark(), null,
                        DumperOptions.FlowStyle.AUTO);
            }
            return nodes.next();
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
            Seen seen = new Seen(number, line(node), email);
            Seen first = entries.firstWith(EmailKey.of(email), seen);
            if (first != null) {
                throw duplicate(file, seen, first);
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
                if (!validQueries.contains(value)) {
                    try {
                        interestValidator.validate(value);
                    } catch (IllegalArgumentException e) {
                        String reason = e.getMessage() == null ? "not a valid query" : e.getMessage();
                        throw fail(line(element), who, "invalid " + item + " " + quote(value, MAX_QUOTED_QUERY_CHARS)
                                + ": " + escape(oneLine(reason), MAX_REASON_CHARS));
                    }
                    if (validQueries.size() == MAX_KNOWN_QUERIES) {
                        validQueries.clear();
                    }
                    validQueries.add(value);
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

    /** SnakeYAML's own conversions for the scalar tags it resolved, so that values mean what YAML says. */
    private static final class ScalarValues extends SafeConstructor {

        ScalarValues() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            // straight to the tag's conversion: constructObject would remember every node it converted
            return getConstructor(node).construct(node);
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
        return domainProblem(email.substring(at + 1));
    }

    /**
     * Null when the domain can go on the wire: an internationalized one is sent in punycode, so it must have
     * one (checked only for those, since InternetAddress has checked an ASCII one).
     */
    private static String domainProblem(String domain) {
        if (isAscii(domain) || domain.startsWith("[")) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain);
        } catch (IllegalArgumentException e) {
            return "its domain is not a valid internationalized domain name (" + oneLine(String.valueOf(e.getMessage()))
                    + ")";
        }
        if (ascii.length() > MAX_DOMAIN_CHARS) {
            return "its domain is " + ascii.length() + " characters long in punycode (" + ascii
                    + "), at most " + MAX_DOMAIN_CHARS + " are allowed";
        }
        return null;
    }

    /**
     * True when the address can only go to a relay that offers SMTPUTF8 (RFC 6531): its local part is not ASCII.
     * A domain beyond ASCII needs no extension, as it goes in punycode.
     */
    static boolean needsSmtpUtf8(String email) {
        return !isAscii(email.substring(0, Math.max(0, email.lastIndexOf('@'))));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
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
        return quote(value, MAX_QUOTED_CHARS);
    }

    private static String quote(String value, int maxChars) {
        return "'" + escape(value, maxChars) + "'";
    }

    private static String escape(String value) {
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
    static String oneLine(String message) {
        return message.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+\\s*", " ").strip();
    }
}
