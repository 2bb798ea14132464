package org.paperdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** preview, status, subscribers sync --dry-run and schedule, through the outbox (no SMTP host). */
class CommandsTest {

    static final String TWO = """
            subscribers:
              - email: ada@example.org
                name: Ada
                interests: [KV cache]
              - email: bob@example.org
                interests: [speculative decoding]
                format: text
            """;

    @TempDir
    Path dir;

    @Test
    void helpVersionAndUsageErrorsAreAnsweredWithoutStartingSpringOrOpeningTheDatabase() {
        Workspace workspace = new Workspace(dir).subscribers(TWO);

        Cli.Result help = workspace.run("send", "--help");
        Cli.Result version = workspace.run("--version");
        Cli.Result typo = workspace.run("send", "--dat", Workspace.SAMPLE_DATE);
        Cli.Result noSuchDay = workspace.run("status", "--date", "2025-02-30");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: paper-digest send [-hV] [--allow-date-mismatch] [--remote]");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).isEqualToIgnoringNewLines("paper-digest 0.1");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.errLines()).containsExactly("paper-digest: Unknown options: '--dat', '2025-07-29'; "
                + "did you mean --date? (see 'paper-digest send --help')");
        assertThat(noSuchDay.exitCode()).isEqualTo(2);
        assertThat(noSuchDay.errLines()).containsExactly("paper-digest: Invalid value for option '--date': "
                + "'2025-02-30' is not a date of the form YYYY-MM-DD (see 'paper-digest status --help')");
        assertThat(dir.resolve("db")).doesNotExist(); // the H2 file database would be created by any start of Spring
    }

    @Test
    void previewPrintsTheWholeMessageAndSendsOrRecordsNothing() {
        Workspace workspace = new Workspace(dir).subscribers(TWO);
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero(); // preview reads an existing database

        Cli.Result preview = workspace.run("preview", "--email", "ADA@example.org", "--date", Workspace.SAMPLE_DATE);

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("To: Ada <ada@example.org>", "Subject: 10 new papers on KV cache",
                "Content-Type: multipart/alternative", "Content-Type: text/plain; charset=UTF-8",
                "Content-Type: text/html; charset=UTF-8", "Message-ID: <digest.2025-07-29.");
        assertThat(workspace.outbox()).doesNotExist();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(workspace.run("preview", "--email", "nobody@example.org", "--date", Workspace.SAMPLE_DATE).exitCode())
                .isEqualTo(2);

        // an inactive subscriber's preview says that send skips them
        workspace.subscribers(TWO + "  - email: carol@example.org\n    interests: [KV cache]\n    active: false\n");
        Cli.Result inactive = workspace.run("preview", "--email", "carol@example.org", "--date", Workspace.SAMPLE_DATE);
        assertThat(inactive.exitCode()).as(inactive.err()).isZero();
        assertThat(inactive.errLines()).containsExactly("paper-digest: note: carol@example.org is inactive in "
                + workspace.subscribersFile() + ": send skips them");
        assertThat(inactive.out()).contains("Subject: 10 new papers on KV cache");
    }

    @Test
    void sendWithoutARelayWritesTheOutboxAndStatusReportsIt() throws Exception {
        Workspace workspace = new Workspace(dir).subscribers(TWO);

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).as(send.err()).isZero();
        Path day = workspace.outbox().resolve(Workspace.SAMPLE_DATE);
        assertThat(send.out()).contains("messages to  " + day.toAbsolutePath().normalize());
        assertThat(day.resolve("ada@example.org.eml")).exists();
        assertThat(Files.readString(day.resolve("bob@example.org.eml"))).contains("Content-Type: text/plain");
        try (var files = Files.list(day)) {
            assertThat(files).hasSize(2);
        }

        Cli.Result status = workspace.run("status", "--date", Workspace.SAMPLE_DATE);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("issue 2025-07-29: COMPLETED", "run 1", "2 delivered, 0 failed, 0 bounced");
        Cli.Result history = workspace.run("status");
        assertThat(history.exitCode()).isZero();
        assertThat(history.out().lines().toList()).element(1).asString()
                .matches("2025-07-29  COMPLETED +104 +2 +2 +0 +0 +\\d+\\.\\d s");
        assertThat(workspace.run("status", "--date", "2025-01-01").out()).contains("issue 2025-01-01: never run");
    }

    @Test
    void syncDryRunPrintsThePlanAndChangesNothing() {
        Workspace workspace = new Workspace(dir).subscribers(TWO);
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        workspace.subscribers(TWO.replace("[KV cache]", "[KV cache, MoE]").replace("""
                  - email: bob@example.org
                    interests: [speculative decoding]
                    format: text
                """, "  - email: carol@example.org\n    interests: [RL]\n"));

        Cli.Result plan = workspace.run("subscribers", "sync", "--dry-run");

        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("+ carol@example.org", "~ ada@example.org (interests)", "- bob@example.org",
                "added 1, changed 1, deactivated 1, unchanged 0", "dry run");
        assertThat(workspace.count("SELECT COUNT(*) FROM subscriber WHERE active")).isEqualTo(2);
        assertThat(workspace.count("SELECT COUNT(*) FROM subscriber WHERE email_key = 'carol@example.org'")).isZero();
    }

    @Test
    void scheduleSendsTodaysIssueAtTheCronTimeAndAnInvalidCronIsAUsageError() throws Exception {
        Workspace workspace = new Workspace(dir).subscribers(TWO);
        workspace.with("digest.abstracts", workspace.todaysPage().toString());
        assertThat(workspace.run("schedule", "--cron", "not a cron").exitCode()).isEqualTo(2);
        Cli.Result never = workspace.run("schedule", "--cron", "0 7 30 2 *");
        assertThat(never.exitCode()).isEqualTo(2);
        assertThat(never.errLines()).containsExactly(
                "paper-digest: --cron '0 7 30 2 *': no date has those fields, so it never comes");

        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread scheduler = new Thread(() -> result.set(workspace.run("schedule", "--cron", "* * * * * *")));
        scheduler.start();
        Path today = workspace.outbox().resolve(LocalDate.now(java.time.ZoneOffset.UTC).toString());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!(Files.exists(today.resolve("ada@example.org.eml")) && Files.exists(today.resolve("bob@example.org.eml")))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        scheduler.interrupt();
        scheduler.join(30_000);

        assertThat(today.resolve("ada@example.org.eml")).exists();
        assertThat(today.resolve("bob@example.org.eml")).exists();
        assertThat(result.get().out()).contains("scheduled: next send at");
    }
}
