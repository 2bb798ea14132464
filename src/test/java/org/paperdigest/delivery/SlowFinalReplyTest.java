package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.ReceivedMessage;
import org.paperdigest.support.Workspace;

/**
 * The reply to a message's final dot: awaited for digest.delivery.end-of-data-timeout, not the usual
 * read timeout; and when it never comes, the outcome is unknown: recorded so, tried once more after the
 * rest of the chunk, and never sent again after that.
 */
class SlowFinalReplyTest {

    static final String DATE = Workspace.SAMPLE_DATE;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "pipelining offered: {0}")
    @ValueSource(booleans = {true, false})
    void aRelayThatAnswersTheFinalDotAfterTheReadTimeoutButWithinTheEndOfDataTimeoutGetsExactlyOneCopy(
            boolean pipelining) {
        relay.advertisePipelining(pipelining).acceptDelay(Duration.ofSeconds(2));

        Cli.Result result = workspace(2).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(2).allSatisfy((to, n) -> assertThat(n).as(to).isOne());
        assertThat(workspace.query("SELECT status, attempts FROM delivery")).allSatisfy(row -> {
            assertThat(row).containsEntry("STATUS", "DELIVERED").containsEntry("ATTEMPTS", 1);
        });
    }

    @ParameterizedTest(name = "pipelining offered: {0}")
    @ValueSource(booleans = {true, false})
    void aConnectionDroppedAfterTheFinalDotIsUnknownTriedOnceMoreAfterTheRestOfTheChunkAndThenLeftAlone(
            boolean pipelining) {
        relay.advertisePipelining(pipelining).dropAfterEndOfDataFor("reader02@example.org", true);

        Cli.Result result = workspace(3).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        // The relay kept both copies it was sent: the first and the one more try, nothing in between.
        assertThat(relay.countByRecipient()).as(result.out() + relay.commands()).containsEntry("reader01@example.org", 1)
                .containsEntry("reader02@example.org", 2).containsEntry("reader03@example.org", 1);
        List<String> order = relay.messages().stream().map(m -> m.recipients().get(0)).toList();
        assertThat(order).containsExactly("reader01@example.org", "reader02@example.org", "reader03@example.org",
                "reader02@example.org");
        assertThat(relay.messages().stream().filter(m -> m.recipients().contains("reader02@example.org"))
                .map(ReceivedMessage::messageId).distinct()).hasSize(1);
        assertThat(delivery("reader02@example.org")).containsEntry("STATUS", "UNKNOWN").containsEntry("ATTEMPTS", 2);
        assertThat(result.out()).contains("2 delivered, 0 failed, 0 bounced, 1 unknown",
                "unknown reader02@example.org", "1 delivery of unknown outcome");
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isZero();
        assertThat(workspace.run("status", "--date", DATE).out()).contains("1 unknown", "unknown reader02@example.org");

        relay.reset();
        relay.clear();
        Cli.Result resend = workspace.run("resend-failed", "--date", DATE);

        assertThat(resend.exitCode()).as(resend.err()).isZero();
        assertThat(resend.out()).contains("1 delivery of unknown outcome", "not sent again, by send or resend-failed");
        assertThat(relay.messages()).isEmpty();
    }

    @Test
    void aMessageWhoseFinalReplyWasLostOnceIsDeliveredByTheOneMoreTry() {
        relay.dropAfterEndOfData(1, false);

        Cli.Result result = workspace(3).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(3).allSatisfy((to, n) -> assertThat(n).as(to).isOne());
        assertThat(delivery("reader01@example.org")).containsEntry("STATUS", "DELIVERED").containsEntry("ATTEMPTS", 2);
        assertThat(result.out()).contains("3 delivered, 0 failed, 0 bounced");
    }

    @Test
    void aResumedRunDoesNotSendAgainAMessageOfUnknownOutcome() {
        // Chunks of two: reader02's outcome ends unknown in the first chunk; in the second, the relay asks for
        // authentication at reader03, which stops the run. The resume sends reader03 and reader04 only.
        relay.dropAfterEndOfDataFor("reader02@example.org", false)
                .rejectRecipient("reader03@example.org", 530, "5.7.0 authentication required");
        workspace(4).with("digest.chunk-size", "2");

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(delivery("reader02@example.org")).containsEntry("STATUS", "UNKNOWN");

        relay.reset();
        relay.clear();
        Cli.Result resumed = workspace.run("send", "--date", DATE);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader03@example.org", "reader04@example.org");
        assertThat(resumed.out()).contains("3 delivered, 0 failed, 0 bounced, 1 unknown");
    }

    private Workspace workspace;

    private Workspace workspace(int readers) {
        workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.connections", "1")
                .with("digest.delivery.max-attempts", "3")
                .with("digest.delivery.backoff-initial", "20ms")
                .with("digest.delivery.backoff-max", "100ms")
                .with("spring.mail.properties.mail.smtp.timeout", "1000")
                .with("digest.delivery.end-of-data-timeout", "5s")
                .subscribers(Workspace.readers(readers));
        return workspace;
    }

    private java.util.Map<String, Object> delivery(String email) {
        return workspace.query("SELECT status, attempts, last_reply FROM delivery WHERE email = ?", email).get(0);
    }
}
