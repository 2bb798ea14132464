package org.paperdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/**
 * Settings are strict: a misspelt digest.* key, a value out of range and an unresolvable relay are refused
 * before anything starts (exit 2, one line), with nothing sent and no job execution.
 */
class SettingsTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void syncTwoReaders() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers(CommandsTest.TWO);
        Cli.Result sync = workspace.run("subscribers", "sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
    }

    @Test
    void aMisspeltDeliverySettingIsRefusedNamingWhereItCameFromAndTheNearestValidKey() {
        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--digest.delivery.conections=8");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: unknown setting digest.delivery.conections "
                + "(command line); did you mean digest.delivery.connections?");
        assertNothingStarted();
    }

    @Test
    void aMisspeltTopLevelSettingIsRefusedNamingTheNearestValidKey() {
        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--digest.chunk-sise=10");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                "paper-digest: unknown setting digest.chunk-sise (command line); did you mean digest.chunk-size?");
        assertNothingStarted();
    }

    @Test
    void relaxedFormsOfValidKeysStillBind() {
        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--digest.chunkSize=1",
                "--digest.delivery.maxAttempts=2", "--digest.delivery.end-of-data-timeout=1m");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aValueOutOfRangeIsOneLineNamingTheSettingAndItsValue() {
        List<List<String>> cases = List.of(
                List.of("digest.chunk-size", "0", "must be at least 1"),
                List.of("digest.delivery.max-attempts", "-1", "must be at least 1"),
                List.of("digest.delivery.connections", "0", "must be between 1 and 64"),
                List.of("digest.delivery.max-failure-ratio", "1.5", "must be between 0 and 1"),
                List.of("digest.delivery.rate-per-second", "-3", "must not be negative"),
                List.of("digest.delivery.backoff-initial", "0s", "must be positive"),
                List.of("digest.delivery.end-of-data-timeout", "-5s", "must be positive"),
                List.of("digest.abstracts-max-size", "0B", "must be positive"),
                List.of("digest.remote.timeout", "-5s", "must be positive"),
                List.of("digest.unsubscribe-url", "https://lists.example.org/unsubscribe",
                        "must contain {token}, which each reader's own token replaces (or be a mailto: address)"),
                List.of("digest.unsubscribe-mailto", "unsubscribe", "must be one bare address, local-part@domain"),
                // Empty values that would change what is done, not be left unset: an in-memory database forgets
                // every delivery, Angus Mail sends to localhost, and the outbox would be the working directory.
                List.of("spring.datasource.url", "",
                        "must not be empty: it names the database that records every delivery"),
                List.of("spring.mail.host", "", "must not be empty (leave it unset to write to the outbox)"),
                List.of("digest.outbox", "", "not a valid Path (must not be empty)"),
                List.of("spring.mail.port", "99999", "must be between 1 and 65535"));
        for (List<String> c : cases) {
            Cli.Result result = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers(CommandsTest.TWO)
                    .with(c.get(0), c.get(1)).run("send", "--date", Workspace.SAMPLE_DATE);

            assertThat(result.exitCode()).as(c.toString()).isEqualTo(2);
            assertThat(result.errLines()).as(c.toString())
                    .containsExactly("paper-digest: invalid setting " + c.get(0) + "=" + c.get(1) + ": " + c.get(2));
        }
        assertNothingStarted();
    }

    @Test
    void aTimeZoneThatDoesNotExistIsOneLineForEveryCommand() {
        for (String command : List.of("send", "status", "preview", "schedule")) {
            List<String> args = switch (command) {
                case "preview" -> List.of("preview", "--email", "ada@example.org");
                case "schedule" -> List.of("schedule", "--cron", "0 7 * * *");
                default -> List.of(command);
            };
            Cli.Result result = workspace.with("digest.zone", "Mars/Olympus").run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.errLines()).as(command).singleElement().asString()
                    .startsWith("paper-digest: invalid setting digest.zone=Mars/Olympus: not a valid ZoneId");
        }
        assertNothingStarted();
    }

    @Test
    void aSynonymsFileThatIsMissingIsOneLineNamingIt() {
        String missing = workspace.dir().resolve("no-synonyms.txt").toString();
        Cli.Result result = workspace.with("digest.matching.synonyms", missing)
                .run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines())
                .containsExactly("paper-digest: digest.matching.synonyms: " + missing + ": file not found");
        assertNothingStarted();
    }

    @Test
    void aRelativePathIsInTheWorkingDirectoryEvenWhereTheClassPathHasAFileOfThatName() {
        assertThat(Path.of("target/classes/synonyms.txt")).as("precondition: on the tests' class path").exists();
        assertThat(Path.of("synonyms.txt")).as("precondition: not in the working directory").doesNotExist();

        Cli.Result result = workspace.with("digest.subscribers-file", "synonyms.txt").run("subscribers", "sync");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: synonyms.txt: file not found");
    }

    @Test
    void aValueThatDoesNotConvertIsOneLineNamingTheSettingAndItsValue() {
        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--digest.chunk-size=lots");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("paper-digest: invalid setting digest.chunk-size=lots: ");
        assertNothingStarted();
    }

    @Test
    void anUnresolvableRelayHostIsReportedAsAnUnknownHostBeforeAnythingIsSent() {
        workspace.with("spring.mail.host", "no-such-host.invalid");

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        Cli.Result resend = workspace.run("resend-failed", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).isEqualTo(2);
        assertThat(send.errLines()).containsExactly("paper-digest: spring.mail.host: unknown host 'no-such-host.invalid'");
        assertThat(resend.exitCode()).isEqualTo(2);
        assertThat(resend.errLines()).containsExactly("paper-digest: spring.mail.host: unknown host 'no-such-host.invalid'");
        assertNothingStarted();
    }

    @Test
    void anOutboxThatCannotBeAFolderIsOneLineBeforeAnythingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("outbox-file"), "not a folder");
        Workspace outboxOnly = new Workspace(dir).subscribers(CommandsTest.TWO).with("digest.outbox", file.toString());

        Cli.Result send = outboxOnly.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).isEqualTo(2);
        assertThat(send.errLines()).containsExactly("paper-digest: digest.outbox: cannot make the folder " + file
                + " (" + file + " is a file)");
        assertThat(outboxOnly.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(outboxOnly.count("SELECT COUNT(*) FROM delivery")).isZero();
    }

    private void assertNothingStarted() {
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isZero();
    }
}
