package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** The send step split by subscriber id range over several SMTP connections at once. */
class PartitionedSendTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;


    @Test
    void everySubscriberGetsOneDigestAndARestartResumesOnlyTheFailedPartitionWhereItStopped() {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.connections", "4")
                .with("digest.chunk-size", "5")
                .with("digest.delivery.max-attempts", "2")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(40));
        // Ids 1-40 in four ranges of ten; the relay keeps closing on reader27, in the third range's second chunk.
        relay.rejectRecipient("reader27@example.org", 421, "4.7.0 closing, try later");

        Cli.Result first = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.err()).contains("reader27@example.org", "4.7.0 closing");
        assertThat(relay.countByRecipient()).hasSize(36).doesNotContainKeys("reader27@example.org",
                "reader28@example.org", "reader29@example.org", "reader30@example.org");
        assertThat(partitions(1)).containsOnlyKeys("sendDigestRange:range0", "sendDigestRange:range1",
                "sendDigestRange:range2", "sendDigestRange:range3");
        assertThat(partitions(1).get("sendDigestRange:range2")).containsEntry("STATUS", "FAILED");

        relay.reset();
        Cli.Result second = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(40).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
        // Only the failed range ran again, from its last committed chunk: 26 was delivered, 27 to 30 were left.
        assertThat(partitions(2)).containsOnlyKeys("sendDigestRange:range2");
        assertThat(partitions(2).get("sendDigestRange:range2")).containsEntry("STATUS", "COMPLETED")
                .containsEntry("READ_COUNT", 4L);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(40);
    }

    private Map<String, Map<String, Object>> partitions(long execution) {
        List<Map<String, Object>> rows = workspace().query("""
                SELECT step_name, status, read_count FROM batch_step_execution
                WHERE job_execution_id = ? AND step_name LIKE 'sendDigestRange:%'""", execution);
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> (String) r.get("STEP_NAME"), r -> r));
    }

    private Workspace workspace() {
        return new Workspace(dir);
    }
}
