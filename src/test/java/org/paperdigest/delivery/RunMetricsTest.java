package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/**
 * A run leaves its counters and timers in reports/paper_digest.prom, counting what the relay took and refused,
 * with Spring Batch's job and step timers beside them.
 */
class RunMetricsTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void theMetricsFileCountsWhatTheRelayTookAndRefused() throws Exception {
        relay.rejectRecipient("reader03@example.org", 550, "5.1.1 no such user");
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.connections", "1")
                .subscribers(Workspace.readers(5));

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(4);
        String metrics = Files.readString(dir.resolve("reports/" + DeliveryMetrics.FILE));
        assertThat(metrics)
                .contains("paper_digest_messages_total{outcome=\"delivered\"} 4.0")
                .contains("paper_digest_messages_total{outcome=\"bounced\"} 1.0")
                .contains("paper_digest_messages_total{outcome=\"failed\"} 0.0")
                .contains("paper_digest_smtp_send_seconds_count 5")
                .containsPattern("paper_digest_chunk_seconds_count [1-9]")
                // Spring Batch's own timers, of the job and of its partitioning step (the workers are not observed)
                .containsPattern("(?m)^spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"dailyDigest\""
                        + "[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*} 1$")
                .containsPattern("(?m)^spring_batch_step_seconds_count\\{[^}]*spring_batch_step_name=\"sendDigests\""
                        + "[^}]*spring_batch_step_status=\"COMPLETED\"[^}]*} 1$")
                .doesNotContain("spring_batch_item_", "sendDigestRange");
        assertThat(dir.resolve("reports")).isDirectoryNotContaining("glob:**.tmp");

        // resend-failed's process writes the file anew: its job and its one step (nothing failed to resend)
        Cli.Result resend = workspace.run("resend-failed", "--date", Workspace.SAMPLE_DATE);
        assertThat(resend.exitCode()).as(resend.err()).isZero();
        assertThat(Files.readString(dir.resolve("reports/" + DeliveryMetrics.FILE)))
                .containsPattern("(?m)^spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"resendFailed\""
                        + "[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*} 1$")
                .containsPattern("(?m)^spring_batch_step_seconds_count\\{[^}]*spring_batch_step_name=\"resendFailed\""
                        + "[^}]*} 1$")
                .doesNotContain("dailyDigest", "spring_batch_item_");
    }
}
