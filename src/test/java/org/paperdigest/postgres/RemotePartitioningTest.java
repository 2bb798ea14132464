package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        Map<String, String> shared = new TreeMap<>(Map.of(
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(smtp.getSmtp().getPort()),
                "digest.chunk-size", "4",
                "digest.from", "Paper Digest <digest@example.org>",
                "digest.templates-dir", Path.of("templates").toAbsolutePath().toString(),
                "digest.reports-dir", dir.resolve("worker-reports").toString(),
                "spring.artemis.broker-url", "tcp://127.0.0.1:" + port,
                "digest.remote.enabled", "true"));
        Workspace workspace = database.on(new Workspace(dir).subscribers(Workspace.readers(SUBSCRIBERS)))
                .with("digest.remote.partitions", String.valueOf(PARTITIONS))
                .with("digest.remote.poll-interval", "100ms")
                .with("digest.remote.timeout", "2m");
        shared.forEach(workspace::with);

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
