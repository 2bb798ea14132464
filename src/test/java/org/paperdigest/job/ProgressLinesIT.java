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
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/** The packaged jar with stderr not a terminal, as under cron or systemd: a plain progress line every 10 s. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProgressLinesIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 40;

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
    void aSendLongerThanTenSecondsPrintsDoneOfTotalRateEtaAndFailuresOnStderr() {
        Path home = dir.resolve("install");
        Workspace workspace = new Workspace(home).withSmtp(relay.port())
                .with("digest.delivery.connections", "1")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        // 40 messages, one connection, 0.4 s each: the send lasts 16 s at least, so one line at least.
        relay.acceptDelay(Duration.ofMillis(400));
        List<String> args = workspace.args("send", "--date", DATE);
        JarProcess send = JarProcess.start("send", home, dir.resolve("logs"), args);
        processes.add(send);

        assertThat(send.waitFor(Duration.ofSeconds(150))).as(send.describe()).isZero();

        assertThat(relay.messages()).hasSize(SUBSCRIBERS);
        assertThat(send.stderr().lines().toList()).as(send.describe())
                .isNotEmpty()
                .allMatch(line -> line.matches("paper-digest: issue " + DATE + ": \\d+/" + SUBSCRIBERS + " done, "
                        + "\\d+ delivered, 0 failed, 0 bounced, \\d+\\.\\d msgs/s, "
                        + "ETA (unknown|\\d+ s|\\d+ min \\d+ s)"));
        assertThat(send.stdout()).contains("issue " + DATE + ": COMPLETED");
    }
}
