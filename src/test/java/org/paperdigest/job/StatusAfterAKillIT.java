package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * The packaged jar killed with SIGKILL in the middle of its first chunk: what the relay accepted is only in the
 * delivery journal. status counts it, says the run is dead, and names the command that resumes it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StatusAfterAKillIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 30;

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
    }

    @Test
    void statusAfterAKillCountsTheJournalsDeliveriesAndSaysTheRunIsDeadAndHowToResumeIt() {
        Path home = dir.resolve("install");
        // One chunk for everyone: until the kill no outcome reaches the database, only the journal.
        Workspace workspace = new Workspace(home).withSmtp(relay.port())
                .with("spring.datasource.url", Workspace.shippedH2Url(home.resolve("db/paper-digest")))
                .with("digest.chunk-size", "100")
                .with("digest.delivery.connections", "1")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(100));
        JarProcess send = JarProcess.start("send", home, dir.resolve("logs"), workspace.args("send", "--date", DATE));
        processes.add(send);
        assertThat(send.awaitWhileAlive(() -> relay.messages().size() >= 5, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();
        assertThat(send.kill()).as("killed while sending: %s", send.describe()).isTrue();
        assertThat(relay.awaitNoConnections(Duration.ofSeconds(90))).as("the relay has recorded what was in flight")
                .isTrue();
        int accepted = relay.messages().size();
        assertThat(accepted).as("precondition: killed before the end").isLessThan(SUBSCRIBERS);

        Cli.Result status = workspace.run("status", "--date", DATE);

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).as(status.out())
                .startsWith("issue " + DATE + ": STARTED, but dead: its process was killed or crashed")
                .contains("STARTED, but its process is gone", "to finish the date: send --date " + DATE)
                .doesNotContain("resend-failed --date", " 0 delivered");
        long delivered = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        // The relay may hold one message more than the journal: the one in flight at the kill.
        assertThat(delivered).isBetween(accepted - 1L, (long) accepted);
        assertThat(status.out()).contains("the date     " + delivered + " delivered");

        relay.clear();
        Cli.Result resumed = workspace.run("send", "--date", DATE);
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(relay.countByRecipient()).hasSize((int) (SUBSCRIBERS - delivered));
    }
}
