package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** Each class of SMTP fault, injected by a real SMTP server that misbehaves on purpose. */
class SmtpFaultsTest {

    static final String DATE = Workspace.SAMPLE_DATE;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.chunk-size", "4")
                .with("digest.delivery.max-attempts", "3")
                .with("digest.delivery.backoff-initial", "20ms")
                .with("digest.delivery.backoff-max", "100ms")
                .subscribers(Workspace.readers(6));
    }


    @Test
    void aTemporaryRefusalIsTriedAgainAndThenDelivered() {
        relay.rejectRecipientTimes("reader02@example.org", 451, "4.3.0 try again later", 2);

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryoneGotExactlyOne(6);
        assertThat(delivery("reader02@example.org")).containsEntry("STATUS", "DELIVERED").containsEntry("ATTEMPTS", 3);
        assertThat(delivery("reader01@example.org")).containsEntry("ATTEMPTS", 1);
    }

    @Test
    void aPermanentRefusalBouncesOnceSuppressesTheAddressAndTheRunGoesOn() {
        relay.rejectRecipient("reader03@example.org", 550, "5.1.1 no such user");

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(5).doesNotContainKey("reader03@example.org");
        assertThat(delivery("reader03@example.org")).containsEntry("STATUS", "BOUNCED").containsEntry("ATTEMPTS", 1);
        assertThat((String) delivery("reader03@example.org").get("LAST_REPLY")).contains("550", "no such user");
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression WHERE email_key = 'reader03@example.org'"))
                .isEqualTo(1);
        assertThat(result.out()).contains("5 delivered, 0 failed, 1 bounced", "bounced reader03@example.org",
                "suppressed   1 address");

        relay.reset();
        relay.clear();
        // the next days are the same page again, whose papers would not be sent twice
        workspace.with("digest.repeat-papers", "true");
        assertThat(workspace.run("send", "--date", "2025-07-30", "--allow-date-mismatch").exitCode()).isZero();
        assertThat(relay.countByRecipient()).hasSize(5).doesNotContainKey("reader03@example.org");
        assertThat(workspace.run("status", "--date", "2025-07-30").out()).contains("reader03@example.org since 2025-07-29");

        Cli.Result unsuppress = workspace.run("subscribers", "unsuppress", "reader03@example.org");
        assertThat(unsuppress.exitCode()).isZero();
        relay.clear();
        assertThat(workspace.run("send", "--date", "2025-07-31", "--allow-date-mismatch").exitCode()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).containsEntry("reader03@example.org", 1);
        assertThat(workspace.run("subscribers", "unsuppress", "nobody@example.org").exitCode()).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsTriedAgainOnAFreshOne() {
        relay.dropDuringData(1);

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryoneGotExactlyOne(6);
        assertThat(relay.connectionsAccepted()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRelayRefusingConnectionsForAWhileDelaysTheRunButDoesNotFailIt() {
        relay.refuseConnections(2);

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryoneGotExactlyOne(6);
    }

    @Test
    void aRelayDownPastTheRetryBudgetFailsTheRunWhichResumesLater() {
        relay.stop();

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("failed 3 times in a row", "again to resume");
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isZero();

        relay.start();
        Cli.Result resumed = workspace.run("send", "--date", DATE);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertEveryoneGotExactlyOne(6);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(6);
    }

    @Test
    void temporaryFailuresPastTheBudgetAreRecordedAndResendFailedTriesOnlyThem() {
        relay.rejectRecipient("reader05@example.org", 452, "4.2.2 mailbox full");

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(delivery("reader05@example.org")).containsEntry("STATUS", "FAILED").containsEntry("ATTEMPTS", 3);
        assertThat(result.out()).contains("5 delivered, 1 failed, 0 bounced", "failed reader05@example.org after 3 attempts",
                "resend-failed --date " + DATE);
        assertThat(workspace.run("status", "--date", DATE).out()).contains("failed reader05@example.org", "4.2.2 mailbox full");

        relay.reset();
        Cli.Result resend = workspace.run("resend-failed", "--date", DATE);

        assertThat(resend.exitCode()).as(resend.err()).isZero();
        assertEveryoneGotExactlyOne(6);
        assertThat(delivery("reader05@example.org")).containsEntry("STATUS", "DELIVERED").containsEntry("ATTEMPTS", 4);
        assertThat(workspace.run("resend-failed", "--date", "2025-01-01").exitCode()).isEqualTo(2);
    }

    @Test
    void tooManyFailuresStopTheRunBeforeItBurnsThroughTheList() {
        // One connection, so the run meets its subscribers in order and stops at a known point.
        workspace.subscribers(Workspace.readers(16)).with("digest.delivery.connections", "1");
        for (int i = 1; i <= 16; i++) {
            if (i % 4 != 0) {
                relay.rejectRecipient("reader%02d@example.org".formatted(i), 554, "5.7.1 rejected");
            }
        }

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).isEqualTo(1);
        // It stops at the first failure past the ratio once ten were tried, not at the end of the chunk.
        assertThat(result.err()).contains("8 of 10 deliveries of this run failed", "max-failure-ratio=0.5");
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isEqualTo(10);
    }

    @Test
    void theSendRateLimitIsHonoured() {
        workspace.with("digest.delivery.rate-per-second", "5");
        long start = System.nanoTime();

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertEveryoneGotExactlyOne(6);
        // Six messages at five a second cannot take less than one second, whatever else the machine does.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theSmtpPasswordNeverAppearsInOutputOrErrors() {
        workspace.with("spring.mail.username", "digest").with("spring.mail.password", "hunter2-Secret-Value")
                .with("spring.mail.properties.mail.smtp.auth", "true");
        relay.stop();

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out() + result.err()).doesNotContain("hunter2-Secret-Value");
        assertThat(workspace.query("SELECT * FROM delivery").toString()).doesNotContain("hunter2-Secret-Value");
    }

    @Test
    void starttlsRequiredIsHonouredWithNoPlainTextFallback() {
        workspace.with("spring.mail.properties.mail.smtp.starttls.enable", "true")
                .with("spring.mail.properties.mail.smtp.starttls.required", "true");

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).containsIgnoringCase("STARTTLS");
        assertThat(relay.messages()).isEmpty();
    }

    private void assertEveryoneGotExactlyOne(int subscribers) {
        Map<String, Integer> counts = relay.countByRecipient();
        assertThat(counts).hasSize(subscribers).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    }

    private Map<String, Object> delivery(String email) {
        return workspace.query("SELECT status, attempts, last_reply FROM delivery WHERE email = ?", email).get(0);
    }
}
