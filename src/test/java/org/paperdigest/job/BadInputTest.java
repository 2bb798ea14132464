package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** Bad input: exit 2, one line naming the file and entry, nothing sent, the database as it was. */
class BadInputTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String GOOD = """
            subscribers:
              - email: ada@example.org
                interests: [KV cache]
              - email: bob@example.org
                interests: [speculative decoding]
            """;

    @TempDir
    Path dir;

    Workspace workspace;
    /** The subscribers file the sync recorded as applied. */
    List<Map<String, Object>> applied;

    @BeforeEach
    void syncGoodFile() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers(GOOD);
        Cli.Result sync = workspace.run("subscribers", "sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).endsWith("added 2, changed 0, deactivated 0, unchanged 0\n");
        applied = workspace.query("SELECT * FROM subscribers_file_applied");
        assertThat(applied).hasSize(1);
    }

    @Test
    void aBrokenSubscribersEntryStopsSendBeforeAnythingHappens() {
        List<Map<String, Object>> before = subscriberRows();
        workspace.subscribers(GOOD.replace("interests: [speculative decoding]", "intrests: [speculative decoding]")
                + "  - email: carol@example.org\n    interests: [MoE]\n");

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("paper-digest: " + workspace.subscribersFile() + ":5:")
                .contains("bob@example.org", "intrests");
        assertNothingHappened(before);
    }

    @Test
    void aDuplicateEmailFailsSyncAndChangesNothing() {
        List<Map<String, Object>> before = subscriberRows();
        workspace.subscribers(GOOD + "  - email: ADA@example.org\n    interests: [MoE]\n");

        Cli.Result result = workspace.run("subscribers", "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().contains("ADA@example.org", "duplicate");
        assertNothingHappened(before);
    }

    @Test
    void missingOrGarbageAbstractsStopSendBeforeAnythingHappens() throws Exception {
        List<Map<String, Object>> before = subscriberRows();
        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, (byte) 0xff, (byte) 0xfe});
        Path truncated = workspace.file("truncated.json", "[{\"paper\": {\"id\": \"2501.00001\", \"title\": \"A\"");

        for (String[] args : List.of(new String[] {"--abstracts", dir.resolve("missing.txt").toString()},
                new String[] {"--abstracts", garbage.toString()},
                new String[] {"--abstracts", truncated.toString()},
                new String[] {"--abstracts", workspace.file("empty.txt", "\n\n").toString()})) {
            Cli.Result result = workspace.run(concat("send", "--date", Workspace.SAMPLE_DATE, args));
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.errLines()).singleElement().asString().contains(args[1]);
        }
        assertNothingHappened(before);
    }

    @Test
    void aPaperWithAValueTooLongToKeepStopsSendBeforeTheSubscribersAreSynced() {
        List<Map<String, Object>> before = subscriberRows();
        workspace.subscribers(GOOD + "  - email: carol@example.org\n    interests: [MoE]\n");
        String codeUrl = "https://github.com/" + "a".repeat(2990);
        Path day = workspace.file("long.txt", "Daily Papers\n\nJul 29\n\nA Paper\n\nOn speculative decoding; code at "
                + codeUrl + "\n");

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", day.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: " + day + ": paper #1 ('A Paper'): the code URL "
                + "is 3009 characters, more than the 2000 kept");
        assertNothingHappened(before);
    }

    @Test
    void aTemplateThatDoesNotCompileIsReportedBeforeAnythingIsSent() throws Exception {
        List<Map<String, Object>> before = subscriberRows();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("digest.html.mustache"), "<p>{{#papers}}{{title}</p>");
        workspace.with("digest.templates-dir", templates.toString());

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().contains("digest.html.mustache");
        assertNothingHappened(before);
    }

    @Test
    void aTemplateThatIsNotUtf8IsReportedWithItsLineBeforeAnythingIsSent() throws Exception {
        List<Map<String, Object>> before = subscriberRows();
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.write(templates.resolve("subject.mustache"), "{{countLabel}} caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        workspace.with("digest.templates-dir", templates.toString());

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: " + templates.resolve("subject.mustache")
                + ":1: not UTF-8: byte 0xE9 at offset 18 (line 1)");
        assertNothingHappened(before);
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result result = workspace.run("send", "--dat", "2025-07-29");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--dat");
    }

    private void assertNothingHappened(List<Map<String, Object>> subscribersBefore) {
        assertThat(subscriberRows()).isEqualTo(subscribersBefore);
        assertThat(workspace.query("SELECT * FROM subscribers_file_applied")).isEqualTo(applied);
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    private List<Map<String, Object>> subscriberRows() {
        return workspace.query("SELECT * FROM subscriber ORDER BY id");
    }

    private static String[] concat(String a, String b, String c, String[] rest) {
        String[] all = new String[3 + rest.length];
        all[0] = a;
        all[1] = b;
        all[2] = c;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}
