package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar sending to a slow relay while other commands run beside it: status shows the run's live
 * counts, a second send and a sync are refused in one line, and once the send is over the counts are the
 * relay's.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StatusDuringASendIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 120;
    static final Pattern DELIVERED = Pattern.compile("the date     (\\d+) delivered");

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
    void statusShowsTheLiveCountsOfASendWhileASecondSendAndASyncAreRefused() {
        Path home = dir.resolve("install");
        String url = Workspace.shippedH2Url(home.resolve("db/paper-digest"));
        // One chunk for everyone: until the end, the run's outcomes are only in its journal.
        Workspace workspace = new Workspace(home).withSmtp(relay.port())
                .with("spring.datasource.url", url)
                .with("digest.chunk-size", "1000")
                .with("digest.delivery.connections", "1")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(200));
        JarProcess send = JarProcess.start("send", home, dir.resolve("logs"), workspace.args("send", "--date", DATE));
        processes.add(send);
        assertThat(send.awaitWhileAlive(() -> relay.messages().size() >= 5, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();
        relay.holdAtEndOfData(true); // the send waits on the relay, however long the checks below take

        Cli.Result status = workspace.run("status", "--date", DATE);
        int acceptedSoFar = relay.messages().size();
        Cli.Result second = workspace.run("send", "--date", DATE);
        Cli.Result sync = workspace.run("subscribers", "sync");
        Cli.Result unsuppress = workspace.run("subscribers", "unsuppress", "reader01@example.org");
        Cli.Result resend = workspace.run("resend-failed", "--date", DATE);
        Cli.Result table = workspace.run("status");
        Cli.Result json = workspace.run("status", "--json");
        assertThat(send.isAlive()).as("precondition: the send still runs; %s", send.describe()).isTrue();
        relay.holdAtEndOfData(false).acceptDelay(Duration.ZERO);

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).as(status.out())
                .startsWith("issue " + DATE + ": STARTED, running in process " + send.pid() + " for ")
                .contains("STARTED, running now", "  progress     ", " pending, ", " msgs/s, ")
                .doesNotContain("dead", "process is gone", "to finish the date");
        Matcher delivered = DELIVERED.matcher(status.out());
        assertThat(delivered.find()).as(status.out()).isTrue();
        // The relay may be one message ahead of the journal: the one whose reply is on its way.
        assertThat(Integer.parseInt(delivered.group(1))).isBetween(4, acceptedSoFar);

        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(2);
        assertThat(second.errLines()).singleElement().asString()
                .startsWith("paper-digest: 'send' is refused while 'send' of issue " + DATE + " (process " + send.pid())
                .doesNotContain("Exception", "\tat ");
        assertThat(sync.exitCode()).isEqualTo(2);
        assertThat(sync.errLines()).singleElement().asString()
                .startsWith("paper-digest: 'subscribers sync' is refused while 'send' of issue " + DATE);
        for (Cli.Result refused : List.of(unsuppress, resend)) {
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.errLines()).singleElement().asString().contains("is refused while 'send' of issue " + DATE);
        }
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).element(1).asString().startsWith(DATE + "  STARTED (running)");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode row = JsonMapper.shared().readTree(json.out()).get(0);
        assertThat(row.get("date").asString()).isEqualTo(DATE);
        assertThat(row.get("state").asString()).isEqualTo("STARTED (running)");

        assertThat(send.waitFor(Duration.ofMinutes(2))).as(send.describe()).isZero();
        Cli.Result after = workspace.run("status", "--date", DATE);
        assertThat(after.out()).as(after.out()).startsWith("issue " + DATE + ": COMPLETED")
                .contains("the date     " + SUBSCRIBERS + " delivered, 0 failed, 0 bounced");
        assertThat(relay.countByRecipient()).hasSize(SUBSCRIBERS).allSatisfy((reader, n) -> assertThat(n).isOne());
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
    }
}
