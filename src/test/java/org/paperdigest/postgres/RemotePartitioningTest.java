package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.jms.ConnectionFactory;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.PaperDigestApplication;
import org.paperdigest.job.RemoteWorker;
import org.paperdigest.remote.EmbeddedBroker;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * The wiring of a send spread over machines, in one JVM: the embedded broker, a worker's context and the manager
 * ({@code send} with digest.remote.enabled), on one PostgreSQL database, to a real SMTP server.
 */
class RemotePartitioningTest {

    static final int SUBSCRIBERS = 40;
    static final int PARTITIONS = 5;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void theWorkersSendEveryPartitionAndEveryoneGetsExactlyOneDigest() throws Exception {
        int port = freePort();
        Map<String, String> shared = shared(port);
        Workspace workspace = manager(shared, PARTITIONS);

        Cli.Result result;
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
                ConfigurableApplicationContext workerProcess = workerProcess(shared);
                RemoteWorker worker = RemoteWorker.start(workerProcess)) {
            result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        }

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
        // the manager split the readers into the partitions the setting asks for, each run as a worker step
        assertThat(database.count("SELECT COUNT(*) FROM batch_step_execution WHERE step_name LIKE "
                + "'sendDigestRange:%' AND status = 'COMPLETED'")).isEqualTo(PARTITIONS);
    }

    /**
     * A worker handed a partition whose lease another holds waits, says so in one line and sends nothing; once the
     * lease is free it resumes from the delivery record: the readers the holder recorded meanwhile get nothing.
     */
    @Test
    void aWorkerWaitsForAPartitionWhoseLeaseAnotherHoldsThenResumesFromTheDeliveryRecord() throws Exception {
        int port = freePort();
        Map<String, String> shared = shared(port);
        Workspace workspace = manager(shared, 1);
        PrintStream stdout = System.out;
        ByteArrayOutputStream workerOut = new ByteArrayOutputStream();
        ExecutorService background = Executors.newSingleThreadExecutor();
        Cli.Result result;
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
                Connection holder = database.connect()) {
            Future<Cli.Result> send = background.submit(() -> workspace.run("send", "--date", Workspace.SAMPLE_DATE));
            // the manager has handed the one partition out; no worker runs yet
            assertThat(awaitCondition(() -> database.count("SELECT COUNT(*) FROM batch_step_execution"
                    + " WHERE step_name = 'sendDigestRange:range0'") == 1)).as("the partition was handed out").isTrue();
            lease(holder, "pg_advisory_lock");
            // meanwhile the holder recorded the first ten readers as delivered
            try (Statement insert = holder.createStatement()) {
                insert.execute("INSERT INTO delivery (issue_date, subscriber_id, email, message_id, status, attempts,"
                        + " last_reply, updated_at) SELECT DATE '" + Workspace.SAMPLE_DATE + "', id, email, '<held.'"
                        + " || id || '@example.org>', 'DELIVERED', 1, '250 ok', now() FROM subscriber ORDER BY id"
                        + " LIMIT 10");
            }
            ConfigurableApplicationContext workerProcess = workerProcess(shared);
            System.setOut(new PrintStream(workerOut, true)); // the worker's lines, shown when an assertion fails
            try (workerProcess; RemoteWorker worker = RemoteWorker.start(workerProcess)) {
                assertThat(awaitCondition(() -> workerOut.toString().contains("is being sent by another worker")))
                        .as(workerOut.toString()).isTrue();
                assertThat(smtp.getReceivedMessages()).as("nothing sent while another holds the lease").isEmpty();
                lease(holder, "pg_advisory_unlock");
                result = send.get(2, TimeUnit.MINUTES);
            } finally {
                System.setOut(stdout);
            }
        } finally {
            background.shutdownNow();
        }

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(workerOut.toString().lines().filter(line -> line.contains("is being sent by another worker")))
                .singleElement().asString().startsWith("paper-digest: partition sendDigestRange:range0 of the run of "
                        + Workspace.SAMPLE_DATE + " is being sent by another worker (PostgreSQL backend ");
        Map<String, Integer> received = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            received.merge(((InternetAddress) message.getAllRecipients()[0]).getAddress().toLowerCase(), 1,
                    Integer::sum);
        }
        assertThat(received).hasSize(SUBSCRIBERS - 10).doesNotContainKeys("reader01@example.org",
                "reader10@example.org");
        assertThat(received.values()).as("one digest each").containsOnly(1);
    }

    @Test
    void theRemoteModeRefusesTheH2FileInOneLine() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(2));

        Cli.Result result = workspace.run("send", "--remote", "--date", Workspace.SAMPLE_DATE); // digest.remote.enabled

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("paper-digest: digest.remote.enabled needs a database that the manager and every worker "
                        + "share: run it with --spring.profiles.active=postgres");
        assertThat(dir.resolve("db/paper-digest.mv.db")).doesNotExist();
    }

    /** Every command's start-up counts: without the remote mode no broker client or Spring Integration is set up. */
    @Test
    void theOneMachineContextSetsUpNoBrokerClientNorSpringIntegration() {
        SpringApplication application = new SpringApplication(PaperDigestApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/paper-digest"))) {
            assertThat(context.getBeanNamesForType(ConnectionFactory.class)).isEmpty();
            assertThat(context.getBeanNamesForType(IntegrationFlowContext.class)).isEmpty();
            assertThat(context.getBeanNamesForType(RemotePartitioningManagerStepBuilderFactory.class)).isEmpty();
        }
    }

    @Test
    void aWorkerOutsideTheRemoteModeIsRefusedInOneLine() {
        Workspace workspace = database.on(new Workspace(dir).subscribers(Workspace.readers(2)));

        Cli.Result result = workspace.run("worker");

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: worker: digest.remote.enabled is not true; set it "
                + "on the manager and every worker of a remote send (DIGEST_REMOTE_ENABLED=true), which share the "
                + "database");
    }

    /** The settings the manager and the worker share: the relay, the broker and the remote mode. */
    private Map<String, String> shared(int brokerPort) {
        return new TreeMap<>(Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(smtp.getSmtp().getPort()),
                "digest.chunk-size", "4",
                "digest.from", "Paper Digest <digest@example.org>",
                "digest.templates-dir", Path.of("templates").toAbsolutePath().toString(),
                "digest.reports-dir", dir.resolve("worker-reports").toString(),
                "spring.artemis.broker-url", "tcp://127.0.0.1:" + brokerPort,
                "digest.remote.enabled", "true"));
    }

    /** The manager's workspace: the readers, the database, the shared settings and this many partitions. */
    private Workspace manager(Map<String, String> shared, int partitions) {
        Workspace workspace = database.on(new Workspace(dir).subscribers(Workspace.readers(SUBSCRIBERS)))
                .with("digest.remote.partitions", String.valueOf(partitions))
                .with("digest.remote.poll-interval", "100ms")
                .with("digest.remote.timeout", "2m");
        shared.forEach(workspace::with);
        return workspace;
    }

    /** Takes or gives up, as another worker would, the lease of the run's one partition (see PartitionLease). */
    private static void lease(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function
                + "(hashtext('paper-digest:partition:' || current_schema()), hashtext((SELECT job_instance_id"
                + " FROM batch_job_instance) || ':sendDigestRange:range0'))")) {
            statement.execute();
        }
    }

    /** Waits up to a minute for the condition; one that fails (the tables not made yet) does not hold yet. */
    private static boolean awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (holds(condition)) {
                return true;
            }
            Thread.sleep(100);
        }
        return holds(condition);
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The context a {@code worker} command runs its worker in: the same database, relay and broker. */
    private ConfigurableApplicationContext workerProcess(Map<String, String> shared) {
        List<String> arguments = new ArrayList<>(database.arguments());
        shared.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        SpringApplication application = new SpringApplication(PaperDigestApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        return application.run(arguments.toArray(String[]::new));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
