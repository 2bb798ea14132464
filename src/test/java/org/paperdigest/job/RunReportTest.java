package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The run report, reports/<issue-date>.json, against what the SMTP server received and the delivery record. */
@ExtendWith(OutputCaptureExtension.class)
class RunReportTest {

    static final String DATE = Workspace.SAMPLE_DATE;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void aCompletedRunsReportCountsWhatTheRelayReceived() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .subscribersFrom("/sample-day/subscribers.yml");

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        JsonNode report = report();
        assertThat(report.get("issueDate").asString()).isEqualTo(DATE);
        assertThat(report.get("runId").asLong())
                .isEqualTo(workspace.count("SELECT MAX(job_execution_id) FROM batch_job_execution"));
        assertThat(report.get("jobName").asString()).isEqualTo("dailyDigest");
        assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("start").asString()).isNotBlank();
        assertThat(report.get("end").asString()).isNotBlank();
        assertThat(report.get("papers").asInt()).isEqualTo(104);
        assertThat(report.get("sent").asInt()).isEqualTo(received.length).isEqualTo(5);
        assertThat(report.get("sentThisRun").asInt()).isEqualTo(received.length);
        assertThat(report.get("considered").asInt()).isEqualTo(6);
        assertThat(report.get("matched").asInt()).isEqualTo(5);
        assertThat(report.get("skipped").get("noMatch").asInt()).isEqualTo(1);
        assertThat(report.get("skipped").get("inactive").asInt()).isEqualTo(1);
        assertThat(report.get("skipped").get("suppressed").asInt()).isZero();
        assertThat(report.get("failed")).isEmpty();
        assertThat(report.get("bounced")).isEmpty();
        assertThat(report.get("unknown")).isEmpty();
        assertThat(report.get("messagesPerSecond").asDouble()).isPositive();
        assertThat(report.get("destination").asString()).isEqualTo("smtp://127.0.0.1:" + smtp.getSmtp().getPort());
        assertThat(report.get("sources")).hasSize(1);
        assertThat(report.get("sources").get(0).get("source").asString()).isEqualTo(Workspace.SAMPLE_DAY.toString());
        assertThat(report.get("sources").get(0).get("sha256").asString()).isEqualTo(sha256(Workspace.SAMPLE_DAY));
        // Nobody the report leaves out (no match, inactive) got a digest.
        assertThat(List.of(received)).extracting(m -> ((InternetAddress) m.getAllRecipients()[0]).getAddress())
                .doesNotContain("nomatch@example.org", "inactive@example.org");
        assertThat(dir.resolve("reports")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void itsFailedAndBouncedListsAreTheDeliveryRecordsAndResendFailedReplacesIt() throws Exception {
        relay.rejectRecipient("reader03@example.org", 550, "5.1.1 no such user");
        relay.rejectRecipient("reader05@example.org", 452, "4.2.2 mailbox full");
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.max-attempts", "2")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(6));

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = report();
        assertThat(report.get("sent").asInt()).isEqualTo(relay.countByRecipient().size()).isEqualTo(4);
        assertThat(addresses(report.get("failed"))).isEqualTo(recorded(workspace, "FAILED")).hasSize(1);
        assertThat(report.get("failed").get(0).get("email").asString()).isEqualTo("reader05@example.org");
        assertThat(report.get("failed").get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(addresses(report.get("bounced"))).isEqualTo(recorded(workspace, "BOUNCED")).hasSize(1);
        assertThat(report.get("bounced").get(0).get("email").asString()).isEqualTo("reader03@example.org");
        assertThat(report.get("bounced").get(0).get("lastReply").asString()).contains("5.1.1 no such user");
        assertThat(report.get("failed").get(0).get("lastReply").asString()).contains("4.2.2 mailbox full");

        relay.reset();
        Cli.Result resend = workspace.run("resend-failed", "--date", DATE);

        assertThat(resend.exitCode()).as(resend.err()).isZero();
        JsonNode after = report();
        assertThat(after.get("jobName").asString()).isEqualTo("resendFailed");
        assertThat(after.get("runId").asLong()).isGreaterThan(report.get("runId").asLong());
        assertThat(after.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(after.get("sent").asInt()).isEqualTo(relay.countByRecipient().size()).isEqualTo(5);
        assertThat(after.get("sentThisRun").asInt()).isEqualTo(1);
        assertThat(after.get("failed")).isEmpty();
        assertThat(addresses(after.get("bounced"))).isEqualTo(recorded(workspace, "BOUNCED"));
        // The date as a whole: the daily run's subscribers and sources, not the retry's.
        assertThat(after.get("considered").asInt()).isEqualTo(6);
        assertThat(after.get("sources")).isEqualTo(report.get("sources"));

        // The next day skips the address that bounced, and has a report of its own.
        String nextDay = "2025-07-30";
        assertThat(workspace.run("send", "--date", nextDay, "--allow-date-mismatch").exitCode()).isZero();
        JsonNode next = report(nextDay);
        assertThat(next.get("skipped").get("suppressed").asInt()).isEqualTo(1);
        assertThat(next.get("considered").asInt()).isEqualTo(5);
        assertThat(next.get("bounced")).isEmpty();
        assertThat(report()).isEqualTo(after);
    }

    @Test
    void aResumeReplacesTheFailedRunsReportWithTheDatesTotals() throws Exception {
        Path page = dir.resolve("day.txt");
        Files.copy(Workspace.SAMPLE_DAY, page);
        String hash = sha256(page);
        // One connection, so the run meets its subscribers in order and fails at a known point: 8 of the first
        // 10 bounce, past the failure budget (see SmtpFaultsTest).
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.abstracts", page.toString())
                .with("digest.delivery.connections", "1")
                .subscribers(Workspace.readers(16));
        for (int i = 1; i <= 16; i++) {
            if (i % 4 != 0) {
                relay.rejectRecipient("reader%02d@example.org".formatted(i), 554, "5.7.1 rejected");
            }
        }

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        JsonNode first = report();
        assertThat(first.get("status").asString()).isEqualTo("FAILED");
        assertThat(first.get("sent").asInt()).isEqualTo(relay.countByRecipient().size()).isEqualTo(2);
        assertThat(first.get("bounced")).hasSize(8);
        assertThat(first.get("matched").asInt()).isEqualTo(first.get("considered").asInt()).isEqualTo(10);
        assertThat(addresses(first.get("bounced"))).isEqualTo(recorded(workspace, "BOUNCED"));
        assertThat(first.get("sources").get(0).get("sha256").asString()).isEqualTo(hash);

        relay.reset();
        // A resume reads the papers from the database: the page may change meanwhile, its report's hash does not.
        Files.writeString(page, "changed after the day was loaded");
        Cli.Result resumed = workspace.run("send", "--date", DATE);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        JsonNode report = report();
        assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("runId").asLong()).isGreaterThan(first.get("runId").asLong())
                .isEqualTo(workspace.count("SELECT MAX(job_execution_id) FROM batch_job_execution"));
        assertThat(report.get("sent").asInt()).isEqualTo(relay.countByRecipient().size()).isEqualTo(8);
        assertThat(report.get("sentThisRun").asInt()).isEqualTo(6);
        assertThat(addresses(report.get("bounced"))).isEqualTo(recorded(workspace, "BOUNCED")).hasSize(8);
        assertThat(report.get("failed")).isEmpty();
        // Each subscriber once, though the resume read again the chunk the failed run was on.
        assertThat(report.get("matched").asInt()).isEqualTo(report.get("considered").asInt()).isEqualTo(16);
        assertThat(report.get("skipped").get("suppressed").asInt()).isZero();
        assertThat(report.get("sources").get(0).get("sha256").asString()).isEqualTo(hash);
    }

    @Test
    void aReportThatCannotBeWrittenIsAWarningAndTheRunGoesOn(CapturedOutput log) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("reports-file"), "a file where the folder should be");
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.reports-dir", notAFolder.toString())
                .subscribers(Workspace.readers(2));

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(2);
        // The log's warning: the summary on stdout is the command's, and says what was sent.
        assertThat(log.getAll()).contains("cannot write the run report " + notAFolder.resolve(DATE + ".json") + ": "
                + "java.nio.file.FileAlreadyExistsException");
    }

    private JsonNode report() throws Exception {
        return report(DATE);
    }

    private JsonNode report(String date) throws Exception {
        // Strict JSON, as a script would read it.
        return JsonMapper.shared().readTree(Files.readString(dir.resolve("reports/" + date + ".json")));
    }

    private static List<Map<String, Object>> addresses(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(node -> Map.<String, Object>of(
                "email", node.get("email").asString(), "attempts", node.get("attempts").asInt(),
                "lastReply", node.get("lastReply").asString())).toList();
    }

    /** The delivery record's rows of that status, as the report lists them. */
    private static List<Map<String, Object>> recorded(Workspace workspace, String status) {
        return workspace.query("SELECT email, attempts, last_reply FROM delivery WHERE status = ? ORDER BY email",
                status).stream().map(row -> Map.<String, Object>of("email", row.get("EMAIL"),
                        "attempts", ((Number) row.get("ATTEMPTS")).intValue(), "lastReply", row.get("LAST_REPLY")))
                .toList();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
