package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** A run's summary says where that run sent, whatever the flags of the command that reports it. */
class RunDestinationTest {

    static final String DATE = Workspace.SAMPLE_DATE;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void aDateSentToTheOutboxStillReportsTheOutboxWhenAskedAgainWithSmtpSettings() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(3));
        String outbox = workspace.outbox().resolve(DATE).toAbsolutePath().normalize().toString();
        Cli.Result toOutbox = workspace.run("send", "--date", DATE);
        assertThat(toOutbox.exitCode()).as(toOutbox.err()).isZero();
        assertThat(toOutbox.out()).contains("messages to  " + outbox);

        workspace.withSmtp(relay.port());
        Cli.Result again = workspace.run("send", "--date", DATE);
        Cli.Result status = workspace.run("status", "--date", DATE);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("already sent", "messages to  " + outbox).doesNotContain("smtp://");
        assertThat(status.out()).contains("3 delivered", "messages to  " + outbox).doesNotContain("smtp://");
        assertThat(relay.messages()).isEmpty();
    }
}
