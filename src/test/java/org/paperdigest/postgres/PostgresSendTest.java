package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** The day's send with the postgres profile, to a real SMTP server: the same outcome as on H2. */
class PostgresSendTest {

    static final int SUBSCRIBERS = 30;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void everySubscriberGetsOneDigestAndTheDeliveryRecordHoldsWhatArrived() throws Exception {
        Workspace workspace = database.on(new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .with("digest.chunk-size", "4")
                .subscribers(Workspace.readers(SUBSCRIBERS)));

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains(SUBSCRIBERS + " sent");
        Map<String, String> messageIdByRecipient = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress().toLowerCase();
            assertThat(messageIdByRecipient.put(to, message.getMessageID())).as("one digest for " + to).isNull();
        }
        assertThat(messageIdByRecipient).hasSize(SUBSCRIBERS);
        Map<String, String> recorded = new TreeMap<>();
        database.query("SELECT email, message_id FROM delivery WHERE status = 'DELIVERED'")
                .forEach(row -> recorded.put((String) row.get("email"), (String) row.get("message_id")));
        assertThat(recorded).isEqualTo(messageIdByRecipient);
        // no journal beside a PostgreSQL database, so no ledger to seal for: the outcomes were committed as they
        // came, the connections' together (a group commit), never a chunk's at once
        assertThat(database.count("SELECT commits FROM delivery_seal")).isZero();
        assertThat(database.count("SELECT COUNT(DISTINCT xmin::text) FROM delivery"))
                .isGreaterThanOrEqualTo(SUBSCRIBERS / 4).isLessThanOrEqualTo(SUBSCRIBERS);

        Cli.Result again = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(SUBSCRIBERS);
        Cli.Result status = workspace.run("status", "--date", Workspace.SAMPLE_DATE);
        assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
        assertThat(status.out()).contains("COMPLETED");
    }

    /** As the H2 file's lock does: a run marked as running is then known to be dead, never another's. */
    @Test
    void aSecondProcessOnTheSameDatabaseIsRefusedAndSendsNothing() throws Exception {
        Workspace workspace = database.on(new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .subscribers(Workspace.readers(3)));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();

        try (Connection other = database.connect(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(hashtext('paper-digest:' || current_schema()))");

            Cli.Result refused = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
            assertThat(refused.err()).startsWith("paper-digest: the database is in use by another paper-digest "
                    + "process (PostgreSQL backend ").contains("wait for it to finish, then run the command again");
            assertThat(smtp.getReceivedMessages()).isEmpty();
            assertThat(database.count("SELECT COUNT(*) FROM batch_job_execution")).isZero();
        }
        // the lock goes with the session that held it
        Cli.Result sent = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(3);
    }
}
