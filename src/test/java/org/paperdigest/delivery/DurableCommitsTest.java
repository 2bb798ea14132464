package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/**
 * Commits that survive a killed process. The databases here stay open after the command
 * (DB_CLOSE_DELAY=-1), so that the test sees them as the command left them.
 */
class DurableCommitsTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    private String url;

    @AfterEach
    void closeDatabase() throws Exception {
        try (var connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("SHUTDOWN");
        }
    }

    @Test
    void anH2FileWritesEveryCommitThrough() {
        url = "jdbc:h2:file:" + dir.resolve("db/paper-digest") + ";DB_CLOSE_DELAY=-1";
        Workspace workspace = new Workspace(dir).with("spring.datasource.url", url).subscribers(Workspace.readers(1));

        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();

        assertThat(workspace.query("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'WRITE_DELAY'")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.values()).containsExactly("0"));
    }

    @Test
    void withoutAJournalEachOutcomeIsCommittedOnItsOwn() {
        url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Workspace workspace = new Workspace(dir).with("spring.datasource.url", url).withSmtp(relay.port())
                .subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(3);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(3);
        // Committed one by one, outside the seal that only the journal's path (one commit per chunk) keeps for its
        // ledger; PostgresSendTest counts the transactions, one per outcome.
        assertThat(workspace.count("SELECT commits FROM delivery_seal WHERE id = 1")).isZero();
    }
}
