package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/**
 * The rules of the subscribers file that decide whether a day can be sent, through the commands: an interest
 * the matcher cannot run, a domain that cannot go on the wire, an address that needs SMTPUTF8, bytes that are
 * not UTF-8. A refused file: exit 2, one line naming the file, line and entry, the database as it was.
 */
class SubscribersFileRulesTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String GOOD = """
            subscribers:
              - email: ada@example.org
                interests: [KV cache]
            """;
    /** 900 words of which a paper needs one: 1,800 clauses, as Lucene counts them over title and abstract. */
    static final String NINE_HUNDRED_WORDS = anyOf(900, "word") + " OR cache";
    static final String POISON = GOOD + """
              - email: poison@example.org
                interests:
                  - "%s"
                  - "%s"
            """.formatted(NINE_HUNDRED_WORDS, NINE_HUNDRED_WORDS.replace("word", "term"));
    static final String POISON_LINE = ":6: subscriber #2 (poison@example.org): invalid interest '"
            + NINE_HUNDRED_WORDS.substring(0, 80) + "...': it makes 1,802 query clauses (a word counts once for the"
            + " title and once for the abstract), more than Lucene's limit of 1,024";

    @TempDir
    Path dir;

    Workspace workspace;
    List<Map<String, Object>> applied;

    @BeforeEach
    void syncGoodFile() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers(GOOD);
        Cli.Result sync = workspace.run("subscribers", "sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        applied = workspace.query("SELECT * FROM subscribers_file_applied");
    }

    static String anyOf(int words, String prefix) {
        return IntStream.range(0, words).mapToObj(i -> prefix + i).collect(Collectors.joining(" OR "));
    }

    @Test
    void subscribersSyncRefusesAnInterestOfMoreClausesThanLuceneRunsNamingTheEntry() {
        List<Map<String, Object>> before = subscriberRows();
        workspace.subscribers(POISON);

        for (String[] command : List.of(new String[] {"subscribers", "sync"},
                new String[] {"subscribers", "sync", "--dry-run"})) {
            Cli.Result sync = workspace.run(command);

            assertThat(sync.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(sync.errLines()).containsExactly("paper-digest: " + workspace.subscribersFile() + POISON_LINE);
        }
        assertThat(subscriberRows()).isEqualTo(before);
        assertThat(workspace.query("SELECT * FROM subscribers_file_applied")).isEqualTo(applied);
    }

    @Test
    void sendRefusesAnInterestOfMoreClausesThanLuceneRunsBeforeAnythingIsSent() {
        List<Map<String, Object>> before = subscriberRows();
        workspace.subscribers(POISON);

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).isEqualTo(2);
        assertThat(send.errLines()).containsExactly("paper-digest: " + workspace.subscribersFile() + POISON_LINE);
        assertThat(subscriberRows()).isEqualTo(before);
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aFileThatTheOlderRulesAppliedIsReadAgainAndItsPoisonEntryRefused() throws Exception {
        workspace.subscribers(POISON);
        // as left by the rules before the clause limit was checked, which applied this file
        byte[] bytes = Files.readAllBytes(workspace.subscribersFile());
        String olderFingerprint = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)) + " paper-digest:dev rules:1";
        update("UPDATE subscribers_file_applied SET fingerprint = ?", olderFingerprint);

        Cli.Result sync = workspace.run("subscribers", "sync");

        assertThat(sync.exitCode()).as(sync.out()).isEqualTo(2);
        assertThat(sync.errLines()).containsExactly("paper-digest: " + workspace.subscribersFile() + POISON_LINE);
    }

    @Test
    void interestsAreEachWithinTheLimitNotTogetherSinceTheMatcherRunsThemOneByOne() {
        // 802 clauses each, 2,406 together, and an exclude of 800 more
        String interests = IntStream.range(0, 3).mapToObj(i -> "      - \"" + anyOf(400, "w" + i + "x") + " OR cache\"\n")
                .collect(Collectors.joining());
        workspace.subscribers(GOOD + "  - email: many@example.org\n    interests:\n" + interests
                + "    exclude: [\"" + anyOf(400, "no") + "\"]\n");

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(smtp.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("ada@example.org", "many@example.org");
    }

    @Test
    void anInvalidInterestIsReportedInOneShortLine() {
        String unbalanced = "(" + anyOf(2_000, "term");
        workspace.subscribers(GOOD + "  - email: bob@example.org\n    interests: [\"" + unbalanced + "\"]\n");

        Cli.Result sync = workspace.run("subscribers", "sync");

        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.errLines()).singleElement().asString()
                .startsWith("paper-digest: " + workspace.subscribersFile() + ":5: subscriber #2 (bob@example.org):"
                        + " invalid interest '" + unbalanced.substring(0, 80) + "...': ")
                .hasSizeLessThan(workspace.subscribersFile().toString().length() + 300);
    }

    @Test
    void anAddressWithANonAsciiLocalPartIsValidAndItsLineSaysItNeedsSmtputf8() {
        workspace.subscribers(GOOD + """
                  - email: 用户@example.org
                    interests: [KV cache]
                  - email: user@bücher.example
                    interests: [KV cache]
                  - email: Zoë@example.org
                    interests: [KV cache]
                    active: false
                """);

        Cli.Result dryRun = workspace.run("subscribers", "sync", "--dry-run");
        Cli.Result sync = workspace.run("subscribers", "sync");

        for (Cli.Result result : List.of(dryRun, sync)) {
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().lines()).startsWith(
                    "+ 用户@example.org (needs a relay that offers SMTPUTF8)",
                    "+ user@bücher.example",
                    "+ Zoë@example.org (inactive) (needs a relay that offers SMTPUTF8)",
                    "added 3, changed 0, deactivated 0, unchanged 1");
        }
        workspace.subscribers(GOOD + """
                  - email: 用户@example.org
                    name: Yonghu
                    interests: [KV cache]
                """);
        assertThat(workspace.run("subscribers", "sync").out().lines()).startsWith(
                "~ 用户@example.org (name) (needs a relay that offers SMTPUTF8)",
                "- user@bücher.example (deactivated)");
    }

    @Test
    void anAddressWhoseDomainIsNotAValidInternationalizedNameIsRefused() {
        List<Map<String, Object>> before = subscriberRows();
        String email = "user@" + "ü".repeat(60) + ".example"; // 60 letters, longer than 63 in punycode
        workspace.subscribers(GOOD + "  - email: " + email + "\n    interests: [KV cache]\n");

        Cli.Result sync = workspace.run("subscribers", "sync");

        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.errLines()).singleElement().asString()
                .startsWith("paper-digest: " + workspace.subscribersFile() + ":4: subscriber #2 (" + email
                        + "): invalid email '" + email + "': expected one bare address, local-part@domain");
        assertThat(subscriberRows()).isEqualTo(before);
    }

    @Test
    void bytesThatAreNotUtf8AreNamedByLineColumnAndOffset() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((GOOD + "  - email: zoe@example.org\n    name: Zo").getBytes(StandardCharsets.UTF_8));
        int offset = bytes.size();
        bytes.write(0xEB); // ë in Latin-1
        bytes.writeBytes("\n    interests: [x]\n".getBytes(StandardCharsets.UTF_8));
        Files.write(workspace.subscribersFile(), bytes.toByteArray());

        Cli.Result sync = workspace.run("subscribers", "sync");

        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.errLines()).containsExactly("paper-digest: " + workspace.subscribersFile()
                + ":5: not UTF-8: byte 0xEB at offset " + offset + " (line 5, column 13); save the file as UTF-8");
    }

    private List<Map<String, Object>> subscriberRows() {
        return workspace.query("SELECT * FROM subscriber ORDER BY id");
    }

    private void update(String sql, String value) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/paper-digest"),
                "sa", ""); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            assertThat(statement.executeUpdate()).isOne();
        }
    }
}
