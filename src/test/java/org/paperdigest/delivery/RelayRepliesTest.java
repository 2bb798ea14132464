package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.FaultySmtpServer.Stage;
import org.paperdigest.support.Workspace;

/**
 * Each class of relay reply: only a refusal of the recipient bounces and suppresses; a refusal of the
 * sender, the session or by policy stops the run at once; a size refusal fails that one message.
 */
class RelayRepliesTest {

    static final String DATE = Workspace.SAMPLE_DATE;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        // One connection, so that the run meets the relay's reply once and in a known order.
        workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.connections", "1")
                .with("digest.delivery.max-attempts", "3")
                .with("digest.delivery.backoff-initial", "20ms")
                .with("digest.delivery.backoff-max", "100ms")
                .subscribers(Workspace.readers(6));
    }

    @Test
    void aSenderRejectedOnMailFromFailsTheRunAtOnceSuppressesNobodyAndTheRunResumesOnceFixed() {
        relay.replyAt(Stage.MAIL, 550, "5.7.1 sender rejected", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.errLines()).anySatisfy(line -> assertThat(line)
                .contains("smtp://127.0.0.1:" + relay.port(), "550 5.7.1 sender rejected"));
        assertThat(mailCommands()).isOne();
        assertNobodyBouncedOrSuppressed();

        relay.reset();
        Cli.Result resumed = workspace.run("send", "--date", DATE);

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).allSatisfy((to, n) -> assertThat(n).isOne());
    }

    @Test
    void authenticationRequiredOnMailFromFailsTheRunAtOnce() {
        relay.replyAt(Stage.MAIL, 530, "5.7.0 authentication required", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("530 5.7.0 authentication required");
        assertThat(mailCommands()).isOne();
        assertNobodyBouncedOrSuppressed();
    }

    @Test
    void aSenderRejectedByARelayWithoutPipeliningFailsTheRunAtOnce() {
        relay.advertisePipelining(false).replyAt(Stage.MAIL, 550, "5.7.1 sender rejected", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("550 5.7.1 sender rejected");
        assertThat(mailCommands()).isOne();
        assertNobodyBouncedOrSuppressed();
    }

    @Test
    void aGreetingOf554IsARefusalThatFailsTheRunWithoutRetries() {
        relay.replyAt(Stage.GREETING, 554, "5.7.1 no service for you", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("smtp://127.0.0.1:" + relay.port(), "554 5.7.1 no service for you");
        assertThat(relay.connectionsAccepted()).isOne();
        assertNobodyBouncedOrSuppressed();
    }

    @Test
    void aPolicyRefusalAtTheEndOfDataFailsTheRunAndBouncesNobody() {
        relay.replyAt(Stage.END_OF_DATA, 550, "5.7.1 message refused by policy", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("550 5.7.1 message refused by policy");
        assertNobodyBouncedOrSuppressed();
    }

    @Test
    void anEndOfDataRefusalWithoutAnEnhancedCodeFailsTheRun() {
        relay.replyAt(Stage.END_OF_DATA, 554, "transaction failed", -1);

        Cli.Result failed = workspace.run("send", "--date", DATE);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("554 transaction failed");
        assertNobodyBouncedOrSuppressed();
    }

    @Test
    void aMailboxRefusalAtTheEndOfDataBouncesThatReaderOnly() {
        relay.replyAt(Stage.END_OF_DATA, 550, "5.1.1 no such user", 1);

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("5 delivered, 0 failed, 1 bounced");
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isOne();
    }

    @Test
    void aSizeRefusalAtTheEndOfDataFailsThatMessageOnlyWithoutSuppression() {
        relay.replyAt(Stage.END_OF_DATA, 552, "5.3.4 message too big", 1);

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("5 delivered, 1 failed, 0 bounced");
        Map<String, Object> failed = workspace.query(
                "SELECT email, attempts, last_reply FROM delivery WHERE status = 'FAILED'").get(0);
        assertThat(failed).containsEntry("ATTEMPTS", 1);
        assertThat((String) failed.get("LAST_REPLY")).contains("too big", "bytes", "552 5.3.4 message too big");
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isZero();
        assertThat(relay.countByRecipient()).hasSize(5).doesNotContainKey(((String) failed.get("EMAIL")).toLowerCase());
    }

    @Test
    void aMessageLargerThanTheSizeTheRelayOffersIsNotSentAndFailsWithItsSize() {
        relay.advertiseSize(1000);

        Cli.Result result = workspace.with("digest.delivery.max-failure-ratio", "1").run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("0 delivered, 6 failed, 0 bounced");
        assertThat(relay.commands()).noneMatch(command -> command.startsWith("MAIL") || command.startsWith("RCPT"));
        assertThat(workspace.query("SELECT last_reply FROM delivery")).allSatisfy(row -> assertThat(
                (String) row.get("LAST_REPLY")).contains("bytes", "1000"));
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isZero();
    }

    private long mailCommands() {
        return relay.commands().stream().filter(command -> command.startsWith("MAIL FROM")).count();
    }

    private void assertNobodyBouncedOrSuppressed() {
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'BOUNCED'")).isZero();
        assertThat(relay.messages()).isEmpty();
    }
}
