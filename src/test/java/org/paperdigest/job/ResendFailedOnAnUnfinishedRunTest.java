package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/**
 * A relay outage leaves the day's run failed with subscribers never tried: only {@code send} finishes it, so
 * nothing advises {@code resend-failed}, which refuses such a date and sends nothing.
 */
class ResendFailedOnAnUnfinishedRunTest {

    static final int SUBSCRIBERS = 12;
    static final String SEND_AGAIN = "send --date " + Workspace.SAMPLE_DATE;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void resendFailedRefusesADateWhoseRunDidNotCompleteAndNamesSend() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.chunk-size", "4")
                .with("digest.delivery.connections", "1")
                .with("digest.delivery.max-attempts", "2")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(200));
        CompletableFuture<Cli.Result> firstRun = CompletableFuture.supplyAsync(
                () -> workspace.run("send", "--date", Workspace.SAMPLE_DATE));
        assertThat(relay.awaitMessages(6, Duration.ofSeconds(60))).isTrue();
        relay.stop();
        Cli.Result failed = firstRun.get();
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out() + failed.err()).doesNotContain("resend-failed").contains(SEND_AGAIN);
        long delivered = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        assertThat(delivered).isLessThan(SUBSCRIBERS);

        relay.reset();
        relay.clear();
        relay.start();
        Cli.Result resend = workspace.run("resend-failed", "--date", Workspace.SAMPLE_DATE);

        assertThat(resend.exitCode()).as(resend.out() + resend.err()).isEqualTo(2);
        assertThat(resend.errLines()).hasSize(1);
        assertThat(resend.err()).contains("did not complete", SEND_AGAIN);
        assertThat(resend.out()).doesNotContain("COMPLETED");
        assertThat(relay.messages()).isEmpty();
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance WHERE job_name = 'resendFailed'")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(delivered);

        Cli.Result status = workspace.run("status", "--date", Workspace.SAMPLE_DATE);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("issue " + Workspace.SAMPLE_DATE + ": FAILED")
                .doesNotContain("COMPLETED", "resend-failed").contains(SEND_AGAIN);

        Cli.Result finished = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        assertThat(finished.exitCode()).as(finished.out() + finished.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize((int) (SUBSCRIBERS - delivered));
    }
}
