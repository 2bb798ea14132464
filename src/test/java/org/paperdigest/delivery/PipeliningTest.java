package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** MAIL, RCPT and DATA go out together to a relay that offers PIPELINING, one by one to one that does not. */
class PipeliningTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void aRelayOfferingPipeliningGetsEachEnvelopeInOneWrite() {
        Cli.Result result = workspace().run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).allSatisfy((to, count) -> assertThat(count).isOne());
        // MAIL and RCPT each arrive with the next command behind them.
        assertThat(relay.pipelinedCommands()).isGreaterThanOrEqualTo(2 * 6);
    }

    @Test
    void aRelayWithoutPipeliningGetsOneCommandAtATime() {
        relay.advertisePipelining(false);

        Cli.Result result = workspace().run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).allSatisfy((to, count) -> assertThat(count).isOne());
        assertThat(relay.pipelinedCommands()).isZero();
    }

    @Test
    void deliveryStatusNotificationSettingsGoThroughAngusOwnPath() {
        Cli.Result result = workspace().with("spring.mail.properties.mail.smtp.dsn.notify", "FAILURE")
                .run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).allSatisfy((to, count) -> assertThat(count).isOne());
        assertThat(relay.pipelinedCommands()).isZero();
    }

    @Test
    void aRecipientRefusedInAPipelinedEnvelopeBouncesAndTheConnectionGoesOn() {
        relay.rejectRecipient("reader02@example.org", 550, "5.1.1 no such user");

        Cli.Result result = workspace().with("digest.delivery.connections", "1").run("send", "--date",
                Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(5).doesNotContainKey("reader02@example.org");
        assertThat(relay.connectionsAccepted()).isOne();
        assertThat(result.out()).contains("5 delivered, 0 failed, 1 bounced");
    }

    @Test
    void aMessageRefusedAtTheEndOfDataWhileTheNextEnvelopeWasOutIsRetriedAndTheNextOneIsNotLost() {
        relay.failData(451, "4.3.0 queue full", 1);

        Cli.Result result = workspace().with("digest.delivery.connections", "1")
                .with("digest.delivery.backoff-initial", "20ms").run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        // Dropping the connection ended the open DATA of the next message: nobody got an empty one.
        assertThat(relay.countByRecipient()).hasSize(6).allSatisfy((to, count) -> assertThat(count).isOne());
        assertThat(relay.messages()).allSatisfy(m -> assertThat(m.raw().length).isGreaterThan(1000));
        // The connection is dropped when the next envelope was out behind the refused message, which depends on
        // whether the next digest was built in time; either way the connection goes on or a new one takes over.
        assertThat(relay.connectionsAccepted()).isBetween(1, 2);
        assertThat(result.out()).contains("6 delivered, 0 failed, 0 bounced");
    }

    private Workspace workspace() {
        return new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(6));
    }
}
