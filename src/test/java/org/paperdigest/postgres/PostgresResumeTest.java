package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** A send on PostgreSQL that a relay failure stops, resumed: everyone once, the bounce suppressed. */
class PostgresResumeTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void theFailedPartitionResumesWhereItStoppedAndNobodyGetsTwoDigests() {
        Workspace workspace = database.on(new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.connections", "4")
                .with("digest.chunk-size", "5")
                .with("digest.delivery.max-attempts", "2")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(40)));
        // Ids 1-40 in four ranges of ten: the relay keeps closing on reader27, in the third range's second chunk,
        // and refuses reader05 for good.
        relay.rejectRecipient("reader27@example.org", 421, "4.7.0 closing, try later");
        relay.rejectRecipient("reader05@example.org", 550, "5.1.1 no such user");

        Cli.Result first = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.err()).contains("reader27@example.org", "4.7.0 closing");
        assertThat(relay.countByRecipient()).hasSize(35).doesNotContainKeys("reader05@example.org",
                "reader27@example.org", "reader28@example.org", "reader29@example.org", "reader30@example.org");
        assertThat(database.count("SELECT COUNT(*) FROM suppression WHERE email_key = 'reader05@example.org'"))
                .isEqualTo(1);

        relay.reset();
        Cli.Result second = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("resumed the earlier run");
        assertThat(relay.countByRecipient()).hasSize(39).doesNotContainKey("reader05@example.org")
                .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
        // only the failed range ran again, from its last committed chunk: 27 to 30 were left
        assertThat(database.query("""
                SELECT s.step_name, s.read_count FROM batch_step_execution s
                WHERE s.job_execution_id = 2 AND s.step_name LIKE 'sendDigestRange:%'"""))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("step_name", "sendDigestRange:range2")
                        .containsEntry("read_count", 4L));
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(39);
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'BOUNCED'")).isEqualTo(1);
        assertThat(database.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("status")).containsExactly("FAILED", "COMPLETED");
    }

    @Test
    void resendFailedTriesOnlyTheFailedOnesAndUnsuppressClearsABounce() {
        Workspace workspace = database.on(new Workspace(dir).withSmtp(relay.port())
                .with("digest.delivery.max-attempts", "3")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(6)));
        relay.rejectRecipient("reader05@example.org", 452, "4.2.2 mailbox full");
        relay.rejectRecipient("reader02@example.org", 550, "5.1.1 no such user");

        Cli.Result sent = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
        assertThat(sent.out()).contains("4 delivered, 1 failed, 1 bounced");
        relay.reset();
        Cli.Result resend = workspace.run("resend-failed", "--date", Workspace.SAMPLE_DATE);

        assertThat(resend.exitCode()).as(resend.out() + resend.err()).isZero();
        // the relay's count since the send: reader05 once more, nobody else again, the bounced one never
        assertThat(relay.countByRecipient()).hasSize(5).doesNotContainKey("reader02@example.org")
                .allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
        assertThat(database.query("SELECT status, attempts FROM delivery WHERE email = 'reader05@example.org'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("status", "DELIVERED")
                        .containsEntry("attempts", 4));
        Cli.Result unsuppress = workspace.run("subscribers", "unsuppress", "READER02@example.org");
        assertThat(unsuppress.exitCode()).as(unsuppress.out() + unsuppress.err()).isZero();
        assertThat(database.count("SELECT COUNT(*) FROM suppression")).isZero();
    }
}
