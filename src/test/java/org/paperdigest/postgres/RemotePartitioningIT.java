package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.ReceivedMessage;
import org.paperdigest.support.Workspace;

/**
 * A send spread over processes of the packaged jar: a broker, two workers and the manager, on one PostgreSQL
 * database, to the fault-injecting relay, with the 2,000 readers. Everyone gets exactly one digest; with a
 * worker killed mid-way the broker gives its requests to the other worker and nobody is missed; with the manager
 * killed mid-way and started again at once, the workers' partitions are handed out again under their leases and
 * the same run completes without duplicates. The broker runs without a database.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RemotePartitioningIT {

    static final int SUBSCRIBERS = 2_000;
    static final int CONNECTIONS = 2;
    /** Every process's pool as the README's budget gives a worker: three per connection plus four. */
    static final int POOL = 3 * CONNECTIONS + 4;
    static final Duration START = Duration.ofSeconds(90);
    /** How often a condition that reads the database is looked at (each look opens a connection). */
    static final Duration DATABASE_POLL = Duration.ofMillis(200);
    /** A progress line of the manager's that counts deliveries. */
    static final Predicate<String> PROGRESS_WITH_DELIVERIES = Pattern.compile("^paper-digest: issue "
            + Workspace.SAMPLE_DATE + ": [1-9]\\d*/" + SUBSCRIBERS + " done, [1-9]\\d* delivered, ").asPredicate();

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
        int port = freePort();
        settings = new ArrayList<>(database.arguments());
        settings.addAll(List.of("--digest.remote.enabled=true", "--digest.remote.broker-port=" + port,
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + port,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port(),
                "--digest.subscribers-file=" + workspace.subscribersFile(),
                "--digest.abstracts=" + Workspace.SAMPLE_DAY,
                "--digest.templates-dir=" + Path.of("templates").toAbsolutePath(),
                "--digest.reports-dir=" + dir.resolve("reports"),
                "--digest.from=Paper Digest <digest@example.org>",
                "--digest.chunk-size=50", "--digest.delivery.connections=" + CONNECTIONS,
                "--spring.datasource.hikari.maximum-pool-size=" + POOL,
                "--digest.remote.partitions=8", "--digest.remote.poll-interval=200ms",
                "--digest.remote.timeout=4m"));
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
    }

    @Test
    void twoWorkersSendEveryPartitionEveryoneGetsExactlyOneDigestAndTheManagerShowsTheirProgress() {
        startBrokerAndWorkers();

        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        // The workers send, so the manager's progress lines count what they record: the relay holds its replies
        // once a quarter is sent, until a line counts deliveries.
        assertThat(manager.awaitWhileAlive(() -> relay.messages().size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2)))
                .as(manager.describe()).isTrue();
        relay.holdAtEndOfData(true);
        assertThat(manager.awaitWhileAlive(() -> manager.stderr().lines().anyMatch(PROGRESS_WITH_DELIVERIES),
                Duration.ofMinutes(1))).as(manager.describe()).isTrue();
        relay.holdAtEndOfData(false);
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
        relay.acceptDelay(Duration.ofMillis(5));
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
        Map<String, List<ReceivedMessage>> copies = copiesByRecipient();
        assertThat(copies).hasSize(SUBSCRIBERS);
        int duplicates = copies.values().stream().mapToInt(list -> list.size() - 1).sum();
        assertThat(duplicates).as("copies beyond the first: at most the message in flight on each of the killed "
                + "worker's connections").isLessThanOrEqualTo(CONNECTIONS);
        Map<String, String> recorded = deliveredMessageIds();
        assertThat(recorded).hasSize(SUBSCRIBERS);
        copies.forEach((recipient, received) -> assertThat(received).extracting(ReceivedMessage::messageId)
                .as("every copy to %s has the first copy's Message-ID, the one recorded", recipient)
                .containsOnly(received.get(0).messageId())
                .containsOnly(recorded.get(recipient)));
    }

    @Test
    void aWorkerStoppedWithSigtermRecordsItsMessagesAndTheNextSendFinishesTheRestWithoutDuplicates() {
        relay.acceptDelay(Duration.ofMillis(5));
        List<JarProcess> workers = startBrokerAndWorkers();
        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        JarProcess stopped = workers.get(0);
        assertThat(manager.awaitWhileAlive(() -> relay.messages().size() >= SUBSCRIBERS / 4, Duration.ofMinutes(2)))
                .as(manager.describe()).isTrue();

        ProcessHandle.of(stopped.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
        int stoppedExit = stopped.waitFor(Duration.ofSeconds(30));
        int managerExit = manager.waitFor(Duration.ofMinutes(4));

        assertThat(stoppedExit).as(stopped.describe()).isEqualTo(143);
        assertThat(stopped.stderr()).as(stopped.describe())
                .contains("paper-digest: stopping the partitions this worker runs: the messages in flight finish")
                .doesNotContain("Exception", "did not stop within", "the run of");
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

    /**
     * The restarted manager recovers the run, which marks the partitions the workers still send failed, and hands
     * them out again: each lease keeps the second worker of a partition waiting until the first has stopped it.
     */
    @Test
    void theManagerKilledMidwayAndStartedAgainAtOnceFinishesTheSameRunWithoutDuplicates() {
        relay.acceptDelay(Duration.ofMillis(5));
        List<JarProcess> workers = startBrokerAndWorkers();
        JarProcess manager = start("manager", "send", "--date", Workspace.SAMPLE_DATE);
        assertThat(manager.awaitWhileAlive(() -> relay.messages().size() >= SUBSCRIBERS / 10, Duration.ofMinutes(2)))
                .as(manager.describe()).isTrue();
        relay.acceptDelay(Duration.ofMillis(250)); // the workers go on, slowly, while the manager comes back
        assertThat(manager.kill()).as(manager.describe()).isTrue();

        JarProcess again = start("manager-again", "send", "--date", Workspace.SAMPLE_DATE);
        assertThat(again.awaitWhileAlive(throttled(() -> database.count("SELECT COUNT(*) FROM batch_step_execution"
                + " WHERE step_name LIKE 'sendDigestRange:%' AND job_execution_id = (SELECT MAX(job_execution_id)"
                + " FROM batch_job_execution)") > 0 && database.count("SELECT COUNT(*) FROM batch_job_execution") == 2),
                Duration.ofMinutes(2))).as(again.describe()).isTrue();
        int whenHandedOutAgain = relay.messages().size();
        relay.acceptDelay(Duration.ZERO);
        int exit = again.waitFor(Duration.ofMinutes(4));

        String all = again.describe() + "\n" + workers.get(0).describe() + "\n" + workers.get(1).describe();
        assertThat(exit).as(all).isZero();
        assertThat(whenHandedOutAgain).as("precondition: handed out again before the end").isLessThan(SUBSCRIBERS);
        assertThat(workers.get(0).stdout() + workers.get(1).stdout())
                .as("precondition: a worker was still sending a partition of the recovered run; " + all)
                .contains("was handed out again");
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        assertThat(received.values()).as("one digest each").containsOnly(1);
        assertThat(database.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
        assertThat(database.count("SELECT COUNT(*) FROM batch_job_instance")).as("the same run").isOne();
        assertThat(database.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("status")).containsExactly("FAILED", "COMPLETED");
    }

    /**
     * The broker and the workers, started at once (a worker's listener connects to the broker when it can). The
     * broker is given a database that is not there: it opens none.
     */
    private List<JarProcess> startBrokerAndWorkers() {
        List<String> noDatabase = new ArrayList<>(settings);
        noDatabase.replaceAll(s -> s.startsWith("--spring.datasource.url=")
                ? "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none" : s);
        noDatabase.add("broker");
        JarProcess broker = start("broker", noDatabase);
        List<JarProcess> workers = List.of(start("worker1", "worker"), start("worker2", "worker"));
        assertThat(broker.awaitWhileAlive(() -> broker.stdout().contains("broker listening on"), START))
                .as(broker.describe()).isTrue();
        for (JarProcess worker : workers) {
            assertThat(worker.awaitWhileAlive(() -> worker.stdout().contains("worker taking partitions"), START))
                    .as(worker.describe()).isTrue();
        }
        return workers;
    }

    /** Each recipient's messages in the order the relay accepted them, by the lower-cased address. */
    private Map<String, List<ReceivedMessage>> copiesByRecipient() {
        Map<String, List<ReceivedMessage>> copies = new LinkedHashMap<>();
        for (ReceivedMessage message : relay.messages()) {
            for (String recipient : message.recipients()) {
                copies.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), r -> new ArrayList<>()).add(message);
            }
        }
        return copies;
    }

    private Map<String, String> deliveredMessageIds() {
        Map<String, String> recorded = new TreeMap<>();
        database.query("SELECT email, message_id FROM delivery WHERE status = 'DELIVERED'")
                .forEach(row -> recorded.put(((String) row.get("email")).toLowerCase(Locale.ROOT),
                        (String) row.get("message_id")));
        return recorded;
    }

    /** The condition, looked at no more often than {@link #DATABASE_POLL}; false in between. */
    private static BooleanSupplier throttled(BooleanSupplier condition) {
        long[] last = {System.nanoTime() - DATABASE_POLL.toNanos()};
        return () -> {
            if (System.nanoTime() - last[0] < DATABASE_POLL.toNanos()) {
                return false;
            }
            last[0] = System.nanoTime();
            return condition.getAsBoolean();
        };
    }

    private JarProcess start(String name, String... args) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(List.of(args));
        return start(name, all);
    }

    private JarProcess start(String name, List<String> arguments) {
        JarProcess process = JarProcess.start(name, dir, dir.resolve("logs"), arguments);
        processes.add(process);
        return process;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
