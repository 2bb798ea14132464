package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A subscriber whose digest cannot be made (two interests of 900 OR clauses each: valid alone, past
 * Lucene's clause limit together) fails alone at send time: recorded and reported with the reason, while
 * the rest of its partition gets its digests. The entry is put straight into the database, as sync-time
 * validation refuses it now.
 */
class PoisonEntryAtSendTest {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final String POISON = "poison@example.org";

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @Test
    void aReaderWhoseDigestCannotBeMatchedOrRenderedFailsAloneAndIsReportedWithTheReason() {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).with("digest.delivery.connections", "2")
                .subscribers(Workspace.readers(6));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        insertSubscriber(POISON, "[\"" + ors("cache", "w") + "\", \"" + ors("KV", "x") + "\"]");

        Cli.Result result = workspace.run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize(6).doesNotContainKey(POISON)
                .allSatisfy((to, n) -> assertThat(n).isOne());
        Map<String, Object> poison = workspace.query("SELECT status, last_reply FROM delivery WHERE email = ?", POISON)
                .get(0);
        assertThat(poison).containsEntry("STATUS", "FAILED");
        assertThat((String) poison.get("LAST_REPLY")).startsWith("not sent: ").contains("maxClauseCount");
        assertThat(result.out()).contains("6 delivered, 1 failed, 0 bounced", "failed " + POISON, "maxClauseCount");
        assertThat(workspace.run("status", "--date", DATE).out()).contains("failed " + POISON, "maxClauseCount");
        assertThat(workspace.count("SELECT COUNT(*) FROM suppression")).isZero();
    }

    /** As a sync would store it, without the sync's validation. */
    private void insertSubscriber(String email, String interestsJson) {
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/paper-digest"), "sa", "")) {
            new JdbcTemplate(new SingleConnectionDataSource(db, true)).update("""
                    INSERT INTO subscriber (email, email_key, name, interests, excludes, max_papers, format, active,
                        updated_at)
                    VALUES (?, ?, NULL, ?, '[]', 10, 'html', TRUE, CURRENT_TIMESTAMP)""",
                    email, email, interestsJson);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "first OR p1 OR p2 ... OR p899": 900 clauses. */
    private static String ors(String first, String prefix) {
        return first + IntStream.rangeClosed(1, 899).mapToObj(i -> " OR " + prefix + i).collect(Collectors.joining());
    }
}
