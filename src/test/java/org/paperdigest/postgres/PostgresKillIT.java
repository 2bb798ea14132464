package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * The packaged jar on PostgreSQL killed with SIGKILL mid-send, then run again: with no journal, every outcome
 * was committed before the next message left, so only the messages in flight at the kill go twice, with the
 * first copy's Message-ID; the server dropped the killed process's lock, so the next send recovers its run.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PostgresKillIT {

    static final int SUBSCRIBERS = 40;
    static final int CONNECTIONS = 4;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    final List<JarProcess> processes = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        processes.forEach(JarProcess::close);
    }

    @Test
    void killedWhileSendingThenResumedEveryoneGetsTheDigestAndOnlyInFlightMessagesTwice() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(150)); // a kill finds messages in flight

        JarProcess first = send(workspace, "first");
        assertThat(first.awaitWhileAlive(() -> relay.messages().size() >= 10, Duration.ofSeconds(90)))
                .as(first.describe()).isTrue();
        assertThat(first.kill()).as(first.describe()).isTrue();
        long recordedAtKill = database.count("SELECT COUNT(*) FROM delivery");
        relay.acceptDelay(Duration.ZERO);

        JarProcess second = send(workspace, "second");
        assertThat(second.waitFor(Duration.ofSeconds(120))).as(second.describe()).isZero();

        Map<String, List<String>> idsByRecipient = relay.messages().stream().collect(Collectors.groupingBy(
                m -> m.recipients().get(0).toLowerCase(), Collectors.mapping(m -> m.messageId(), Collectors.toList())));
        assertThat(idsByRecipient).hasSize(SUBSCRIBERS);
        int copies = relay.messages().size();
        assertThat(copies - SUBSCRIBERS).as("duplicates: at most one in flight per connection")
                .isBetween(0, CONNECTIONS);
        assertThat(idsByRecipient).allSatisfy((to, ids) -> assertThat(Set.copyOf(ids)).as(to).hasSize(1));
        assertThat(recordedAtKill).isGreaterThanOrEqualTo(10 - CONNECTIONS);
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
        assertThat(database.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("status")).containsExactly("FAILED", "COMPLETED");
    }

    private JarProcess send(Workspace workspace, String name) {
        List<String> args = new ArrayList<>(List.of("send", "--date", Workspace.SAMPLE_DATE,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port(),
                "--digest.delivery.connections=" + CONNECTIONS, "--digest.chunk-size=5",
                "--digest.subscribers-file=" + workspace.subscribersFile(),
                "--digest.abstracts=" + Workspace.SAMPLE_DAY,
                "--digest.templates-dir=" + Path.of("templates").toAbsolutePath(),
                "--digest.outbox=" + workspace.outbox(), "--digest.reports-dir=" + dir.resolve("reports"),
                "--digest.from=Paper Digest <digest@example.org>"));
        args.addAll(database.arguments());
        JarProcess process = JarProcess.start(name, dir, dir.resolve("logs"), args);
        processes.add(process);
        return process;
    }
}
