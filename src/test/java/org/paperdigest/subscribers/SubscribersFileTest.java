package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperdigest.BadInputException;

class SubscribersFileTest {

    private static final String ALLOWED =
            "(allowed: email, name, interests, exclude, like, synonyms, max-papers, format, frequency, weekday, active)";

    @TempDir
    Path dir;

    private final SubscribersFile subscribersFile = new SubscribersFile(new BalancedQueryValidator());

    @Test
    void aFileLargerThanSnakeYamlsDefaultLimitIsRead() throws IOException {
        StringBuilder yaml = new StringBuilder("subscribers:\n");
        for (int i = 0; i < 40_000; i++) {
            yaml.append("  - email: user%06d@example.org\n    name: User Number %d\n    interests: [KV cache, reasoning]\n"
                    .formatted(i, i));
        }
        assertThat(yaml.length()).isGreaterThan(3 * 1024 * 1024);

        assertThat(SubscriberEntries.readAll(subscribersFile, write(yaml.toString()))).hasSize(40_000);
    }

    @Test
    void readsTheDocumentedSampleAndFillsInDefaults() throws IOException {
        Path file = write("""
                subscribers:
                  - email: ada@example.org        # required, unique (case-insensitive)
                    name: Ada Lovelace            # optional
                    interests:                    # required, at least one
                      - speculative decoding
                      - KV cache
                    exclude: [Medusa]             # optional
                    max-papers: 10                # optional, default 10
                    format: html                  # html (multipart text+HTML) or text; default html
                    active: true                  # optional, default true

                  - email: "  bob@example.org "
                    interests: ["  diffusion  ", '"state space" (mamba)']
                    format: TEXT
                    max-papers: 20
                    active: false
                  - email: carol@example.org
                    name:
                    interests: [RLHF]
                    exclude:
                """);

        List<SubscriberEntry> entries = SubscriberEntries.readAll(subscribersFile, file);

        assertThat(entries).containsExactly(
                new SubscriberEntry("ada@example.org", "Ada Lovelace", List.of("speculative decoding", "KV cache"),
                        List.of("Medusa"), 10, Format.HTML, true, null, 2, List.of()),
                new SubscriberEntry("bob@example.org", null, List.of("diffusion", "\"state space\" (mamba)"),
                        List.of(), 20, Format.TEXT, false, null, 12, List.of()),
                new SubscriberEntry("carol@example.org", null, List.of("RLHF"), List.of(), 10, Format.HTML, true,
                        null, 17, List.of()));
    }

    @Test
    void anEmptyListIsAllowed() throws IOException {
        assertThat(SubscriberEntries.readAll(subscribersFile, write("subscribers: []\n"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"true|true", "false|false"})
    void acceptsYamlBooleans(String written, boolean expected) throws IOException {
        Path file = write("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    active: " + written + "\n");
        assertThat(SubscriberEntries.readAll(subscribersFile, file).get(0).active()).isEqualTo(expected);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("config/subscribers.yml");
        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": file not found");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.yml");
        Files.write(file, "subscribers:\n  - email: ada@example.org\n    name: Zoë\n    interests: [x]\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertFails(file, 3, "not UTF-8", "0xEB", "(line 3, column 13)");
    }

    @Test
    void invalidYaml() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x, y\n", 4, "invalid YAML");
        assertFails("subscribers:\n  - email: ada@example.org\n\tinterests: [x]\n", 3, "invalid YAML", "\\t");
        assertFails("subscribers:\n  - email: ada@example.org\n   interests: [x]\n", 3, "invalid YAML",
                "expected <block end>");
        assertFails("subscribers: []\n---\nsubscribers: []\n", 3, "invalid YAML", "another document");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [*nope]\n", 3, "invalid YAML");
    }

    @Test
    void nonPrintableCharacter() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    name: A\u0001da\n    interests: [x]\n", 3,
                "invalid YAML", "U+0001");
    }

    @Test
    void topLevelMustBeAMappingWithASubscribersList() throws IOException {
        assertFails("", 1, "the file is empty", "subscribers: []");
        assertFails("# only a comment\n", 1, "the file is empty");
        assertFails("- email: ada@example.org\n", 1, "the top level must be a mapping", "not a list");
        assertFails("people: []\n", 1, "unknown top-level key 'people' (allowed: subscribers)");
        assertFails("subscribers: []\nextra: 1\n", 2, "unknown top-level key 'extra'");
        assertFails("subscribers:\n", 1, "'subscribers' must be a list of entries, not an empty value");
        assertFails("subscribers: everyone\n", 1, "'subscribers' must be a list", "the string 'everyone'");
        assertFails("subscribers: []\nsubscribers: []\n", 2, "duplicate key 'subscribers' (first at line 1)");
        assertFails("subscribers:\n  - ada@example.org\n", 2, "subscriber #1: must be a mapping",
                "the string 'ada@example.org'");
    }

    @Test
    void unknownKeyNamesFileLineAndEntry() throws IOException {
        Path file = write("""
                subscribers:
                  - email: ada@example.org
                    interests: [x]
                  - interests: [y]
                    intrests: [y]
                    email: bob@example.org
                """);
        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":5: subscriber #2 (bob@example.org): unknown key 'intrests' " + ALLOWED);
    }

    @Test
    void unknownKeyWithLineBreaksStaysOnOneLine() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    \"inter\\nests\": [x]\n", 3,
                "unknown key 'inter\\nests'");
        assertFails("subscribers:\n  - email: ada@example.org\n    <<: {name: Ada}\n    interests: [x]\n", 3,
                "unknown key '<<'", "merge keys are not supported");
    }

    @Test
    void duplicateKeyInAnEntry() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    interests: [y]\n", 4,
                "subscriber #1 (ada@example.org): duplicate key 'interests' (first at line 3)");
    }

    @Test
    void missingEmail() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n  - name: Bob\n    interests: [x]\n",
                4, "subscriber #2: missing required key 'email'");
        assertFails("subscribers:\n  - email:\n    interests: [x]\n", 2,
                "subscriber #1: email must be a string, not an empty value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "ada@", "@example.org", "Ada <ada@example.org>", "<ada@example.org>",
            "ada@example.org (Ada)", "team: ada@example.org;", "ada@example.org, bob@example.org", "ada @example.org"})
    void malformedEmail(String email) throws IOException {
        assertFails("subscribers:\n  - interests: [x]\n    email: '" + email + "'\n", 3,
                "subscriber #1 (" + email + "): invalid email '" + email + "': ");
    }

    @Test
    void emailMustBeAString() throws IOException {
        assertFails("subscribers:\n  - email: [ada@example.org]\n    interests: [x]\n", 2,
                "subscriber #1: email must be a string, not a list");
    }

    @Test
    void duplicateEmailIgnoringCaseNamesBothLines() throws IOException {
        assertFails("""
                subscribers:
                  - email: ada@example.org
                    interests: [x]
                  - email: bob@example.org
                    interests: [x]
                  - email: Ada@Example.ORG
                    interests: [x]
                """, 6, "subscriber #3 (Ada@Example.ORG): duplicate email: subscriber #1 at line 2 has the same"
                + " address (ada@example.org");
    }

    @Test
    void interestsMustBeANonEmptyListOfNonBlankStrings() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n", 2,
                "subscriber #1 (ada@example.org): missing required key 'interests'");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: []\n", 3,
                "subscriber #1 (ada@example.org): interests is empty");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests:\n", 3,
                "interests must be a list of strings, not an empty value");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: KV cache\n", 3,
                "interests must be a list of strings, not the string 'KV cache'");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests:\n      - KV cache\n      - 2024\n", 5,
                "interests must be a list of strings, but interest #2 is the number 2024 (put it in quotes)");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x, {a: b}]\n", 3,
                "interest #2 is a mapping");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x, '  ']\n", 3, "interest #2 is blank");
    }

    @Test
    void excludeMustBeAListOfStrings() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    exclude: Medusa\n", 4,
                "subscriber #1 (ada@example.org): exclude must be a list of strings, not the string 'Medusa'");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    exclude: [true]\n", 4,
                "exclude #1 is the boolean true (put it in quotes)");
        // YAML 1.2: yes, no, on and off are words, not booleans
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    active: no\n", 4,
                "active must be true or false, not the string 'no'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "'10'", "1.5", "ten", "", "[10]", "99999999999999999999"})
    void badMaxPapers(String value) throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    max-papers: " + value + "\n", 4,
                "subscriber #1 (ada@example.org): max-papers must be an integer from 1 to 100, not ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdf", "1", "", "[html]"})
    void badFormat(String value) throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    format: " + value + "\n", 4,
                "subscriber #1 (ada@example.org): format must be html or text, not ");
    }

    @Test
    void synonymsFalseQuotesThePlainInterestsAndExcludesAndLeavesQueriesAsTheyAre() throws IOException {
        Path file = Files.writeString(dir.resolve("literal.yml"), """
                subscribers:
                  - email: ada@example.org
                    interests: [RL, "KV cache AND quantization", '"MoE"']
                    exclude: [LLM]
                    synonyms: false
                """);
        SubscriberEntry entry = SubscriberEntries.readAll(subscribersFile, file).get(0);
        assertThat(entry.interests()).containsExactly("\"RL\"", "KV cache AND quantization", "\"MoE\"");
        assertThat(entry.exclude()).containsExactly("\"LLM\"");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    synonyms: off\n", 4,
                "subscriber #1 (ada@example.org): synonyms must be true or false, not the string 'off'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"monthly", "1", "", "[weekly]"})
    void badFrequency(String value) throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    frequency: " + value + "\n", 4,
                "subscriber #1 (ada@example.org): frequency must be daily or weekly, not ");
    }

    @Test
    void aWeeklyReaderGetsTheirWeekdayOrMondayAndAWeekdayNeedsWeekly() throws IOException {
        Path file = Files.writeString(dir.resolve("weekly.yml"), """
                subscribers:
                  - email: ada@example.org
                    interests: [x]
                    frequency: weekly
                    weekday: Friday
                  - email: bob@example.org
                    interests: [x]
                    frequency: WEEKLY
                  - email: eve@example.org
                    interests: [x]
                    frequency: daily
                """);
        assertThat(SubscriberEntries.readAll(subscribersFile, file)).extracting(SubscriberEntry::weeklyOn)
                .containsExactly(java.time.DayOfWeek.FRIDAY, java.time.DayOfWeek.MONDAY, null);
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    frequency: weekly\n"
                + "    weekday: someday\n", 5, "subscriber #1 (ada@example.org): weekday must be a day of the week, "
                + "monday to sunday, not 'someday'");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    weekday: friday\n", 4,
                "subscriber #1 (ada@example.org): weekday is for weekly readers only; add frequency: weekly, "
                + "or remove it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "'true'", "1", ""})
    void badActive(String value) throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    active: " + value + "\n", 4,
                "subscriber #1 (ada@example.org): active must be true or false, not ");
    }

    @Test
    void badName() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    name: 42\n    interests: [x]\n", 3,
                "subscriber #1 (ada@example.org): name must be a string, not the number 42");
        assertFails("subscribers:\n  - email: ada@example.org\n    name: " + "a".repeat(201) + "\n    interests: [x]\n",
                3, "name is 201 characters long, at most 200");
    }

    @Test
    void invalidInterestOrExcludeGivesTheValidatorsReason() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests:\n      - ok\n      - (KV cache\n", 5,
                "subscriber #1 (ada@example.org): invalid interest '(KV cache': unbalanced parentheses");
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [ok]\n    exclude: ['\"Medusa']\n", 4,
                "subscriber #1 (ada@example.org): invalid exclude '\"Medusa': unbalanced quotes");
    }

    @Test
    void entryMustBeAMapping() throws IOException {
        assertFails("subscribers:\n  - email: ada@example.org\n    interests: [x]\n  - [bob@example.org]\n", 4,
                "subscriber #2: must be a mapping with keys email, name, interests");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "subscribers", ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    private void assertFails(String yaml, int line, String... fragments) throws IOException {
        assertFails(write(yaml), line, fragments);
    }

    private void assertFails(Path file, int line, String... fragments) {
        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith(file + ":" + line + ": ")
                        .doesNotContain("\n", "\r")
                        .contains(fragments));
    }
}
