package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * A send spread over processes of the packaged jar: a broker, two workers and the manager, on one PostgreSQL
 * database, to the fault-injecting relay. Everyone gets exactly one digest; with a worker killed mid-way the
 * broker gives its requests to the other worker and nobody is missed.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RemotePartitioningIT {

    static final int SUBSCRIBERS = 400;
    static final int CONNECTIONS = 2;
    static final Duration START = Duration.ofSeconds(90);

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();

    @TempDir
    Path dir;

    List<String> settings;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @BeforeEach
    void install() throws Exception {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(SUBSCRIBERS));
        settings = new ArrayList<>(database.arguments());
        settings.addAll(List.of("--digest.remote.enabled=true", "--digest.remote.broker-port=" + freePort(),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port(),
                "--digest.subscribers-file=" + workspace.subscribersFile(),
                "--digest.abstracts=" + Workspace.SAMPLE_DAY,
                "--digest.templates-dir=" + Path.of("templates").toAbsolutePath(),
                "--digest.reports-dir=" + dir.resolve("reports"),
                "--digest.from=Paper Digest <digest@example.org>",
                "--digest.chunk-size=10", "--digest.delivery.connections=" + CONNECTIONS,
                "--digest.remote.partitions=8", "--digest.remote.poll-interval=200ms",
                "--digest.remote.timeout=4m"));
        String port = settings.stream().filter(s -> s.startsWith("--digest.remote.broker-port="))
                .findFirst().orElseThrow().substring("--digest.remote.broker-port=".length());
        settings.add("--spring.artemis.broker-url=tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
    }

    @Test
    void twoWorkersSendEveryPartitionAndEveryoneGetsExactlyOneDigest() {
        startBrokerAndWorkers();

        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        int exit = manager.waitFor(Duration.ofMinutes(4));

        assertThat(exit).as(manager.describe()).isZero();
        assertThat(manager.stdout()).as(manager.describe()).contains(SUBSCRIBERS + " sent");
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        assertThat(received.values()).as("one digest each").containsOnly(1);
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
    }

    @Test
    void aWorkerKilledMidwayLeavesItsPartitionsToTheOtherAndNobodyIsMissed() {
        relay.acceptDelay(Duration.ofMillis(20));
        List<JarProcess> workers = startBrokerAndWorkers();
        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        JarProcess doomed = workers.get(0);
        // killed once it has sent some of its partitions' messages
        assertThat(manager.awaitWhileAlive(() -> relay.messages().size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2)))
                .as(manager.describe()).isTrue();
        int beforeTheKill = relay.messages().size();
        assertThat(doomed.kill()).as(doomed.describe()).isTrue();
        assertThat(beforeTheKill).as("precondition: killed before the end").isLessThan(SUBSCRIBERS);

        int exit = manager.waitFor(Duration.ofMinutes(4));

        assertThat(exit).as(manager.describe() + "\n" + workers.get(1).describe()).isZero();
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(duplicates).as("copies beyond the first: %s", received).isLessThanOrEqualTo(CONNECTIONS);
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
    }

    @Test
    void aWorkerStoppedWithSigtermRecordsItsMessagesAndTheNextSendFinishesTheRestWithoutDuplicates() {
        relay.acceptDelay(Duration.ofMillis(20));
        List<JarProcess> workers = startBrokerAndWorkers();
        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        JarProcess stopped = workers.get(0);
        assertThat(manager.awaitWhileAlive(() -> relay.messages().size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2)))
                .as(manager.describe()).isTrue();

        ProcessHandle.of(stopped.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
        int stoppedExit = stopped.waitFor(Duration.ofSeconds(30));
        int managerExit = manager.waitFor(Duration.ofMinutes(4));

        assertThat(stoppedExit).as(stopped.describe()).isEqualTo(143);
        assertThat(stopped.stderr()).as(stopped.describe()).doesNotContain("Exception", "did not stop within");
        assertThat(managerExit).as(manager.describe()).isEqualTo(1);
        assertThat(relay.messages().size()).as("precondition: stopped before the end").isLessThan(SUBSCRIBERS);
        assertThat(database.count("SELECT COUNT(*) FROM batch_step_execution WHERE status = 'STOPPED'"
                + " AND step_name LIKE 'sendDigestRange:%'")).isPositive();
        JarProcess again = start("manager-again", "send", "--date", Workspace.SAMPLE_DATE);
        assertThat(again.waitFor(Duration.ofMinutes(4))).as(again.describe()).isZero();
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        assertThat(received.values()).as("one digest each: what was in flight was recorded").containsOnly(1);
    }

    private List<JarProcess> startBrokerAndWorkers() {
        JarProcess broker = start("broker", "broker");
        assertThat(broker.awaitWhileAlive(() -> broker.stdout().contains("broker listening on"), START))
                .as(broker.describe()).isTrue();
        List<JarProcess> workers = List.of(start("worker1", "worker"), start("worker2", "worker"));
        for (JarProcess worker : workers) {
            assertThat(worker.awaitWhileAlive(() -> worker.stdout().contains("worker taking partitions"), START))
                    .as(worker.describe()).isTrue();
        }
        return workers;
    }

    private JarProcess start(String name, String... args) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(args));
        JarProcess process = JarProcess.start(name, dir, dir.resolve("logs"), all);
        processes.add(process);
        return process;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
