package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run stopped by SIGTERM writes its report too, in the packaged jar's reports folder; its resume replaces it. */
class RunReportIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 40;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    JarProcess send;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @AfterEach
    void cleanUp() {
        if (send != null) {
            send.close();
        }
    }

    @Test
    void aStoppedRunWritesItsReportAndTheResumeReplacesIt() throws Exception {
        Path home = dir.resolve("install");
        // The resume runs in this JVM on the same database and reports folder (the workspace's).
        Workspace workspace = new Workspace(home).withSmtp(relay.port())
                .with("digest.chunk-size", "10")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(100));
        send = JarProcess.start("send", home, dir.resolve("logs"), List.of(
                "--spring.datasource.url=" + Workspace.shippedH2Url(home.resolve("db/paper-digest")),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port(),
                "--digest.subscribers-file=" + workspace.subscribersFile(),
                "--digest.abstracts=" + Workspace.SAMPLE_DAY,
                "--digest.templates-dir=" + Path.of("templates").toAbsolutePath(),
                "--digest.from=Paper Digest <digest@example.org>", "--digest.chunk-size=10",
                "send", "--date", DATE));
        assertThat(send.awaitWhileAlive(() -> relay.messages().size() >= 8, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();

        ProcessHandle.of(send.pid()).ifPresent(ProcessHandle::destroy);

        assertThat(send.waitFor(Duration.ofSeconds(20))).as(send.describe()).isEqualTo(143);
        // the default reports-dir, in the working directory the jar ran in, which is the workspace's
        Path file = home.resolve("reports/" + DATE + ".json");
        JsonNode stopped = JsonMapper.shared().readTree(Files.readString(file));
        assertThat(stopped.get("status").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("runId").asLong())
                .isEqualTo(workspace.count("SELECT MAX(job_execution_id) FROM batch_job_execution"));
        assertThat(stopped.get("sent").asLong()).isPositive().isLessThan(SUBSCRIBERS)
                .isEqualTo(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'"));

        relay.acceptDelay(Duration.ZERO);
        Cli.Result resumed = workspace.run("send", "--date", DATE);

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        JsonNode report = JsonMapper.shared().readTree(Files.readString(file));
        assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("runId").asLong()).isGreaterThan(stopped.get("runId").asLong());
        assertThat(report.get("sent").asInt()).isEqualTo(relay.countByRecipient().size()).isEqualTo(SUBSCRIBERS);
        assertThat(report.get("sentThisRun").asLong()).isEqualTo(SUBSCRIBERS - stopped.get("sent").asLong());
    }
}
