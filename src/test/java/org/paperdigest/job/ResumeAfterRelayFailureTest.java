package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** A relay that goes away in the middle of the send step: the run fails, and running it again finishes it. */
class ResumeAfterRelayFailureTest {

    static final int SUBSCRIBERS = 12;

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;


    @Test
    void aRunThatFailedMidStepResumesAndDeliversToEveryoneExactlyOnce() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port())
                .with("digest.chunk-size", "4")
                // One connection: the relay stops while half the list is still to go (PartitionedSendTest covers several).
                .with("digest.delivery.connections", "1")
                .with("digest.delivery.max-attempts", "2")
                .with("digest.delivery.backoff-initial", "10ms")
                .subscribers(Workspace.readers(SUBSCRIBERS));
        relay.acceptDelay(Duration.ofMillis(200));

        CompletableFuture<Cli.Result> firstRun = CompletableFuture.supplyAsync(
                () -> workspace.run("send", "--date", Workspace.SAMPLE_DATE));
        assertThat(relay.awaitMessages(6, Duration.ofSeconds(60))).isTrue();
        relay.stop();
        Cli.Result failed = firstRun.get();

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("failed", "again to resume");
        long deliveredBefore = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        assertThat(deliveredBefore).isBetween(5L, (long) SUBSCRIBERS - 1);
        // The relay may have taken one more message than it could confirm before it went away.
        assertThat(relay.messages().size()).isBetween((int) deliveredBefore, (int) deliveredBefore + 1);

        relay.reset();
        relay.start();
        Cli.Result resumed = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed the earlier run", (SUBSCRIBERS - deliveredBefore) + " sent");
        assertThat(relay.countByRecipient()).hasSize(SUBSCRIBERS);
        // Exactly once, but for the one message in flight when the relay died, which keeps its Message-ID.
        assertThat(relay.messages()).hasSizeBetween(SUBSCRIBERS, SUBSCRIBERS + 1);
        Map<String, Set<String>> idsByRecipient = relay.messages().stream().collect(Collectors.groupingBy(
                m -> m.recipients().get(0).toLowerCase(), Collectors.mapping(m -> m.messageId(), Collectors.toSet())));
        assertThat(idsByRecipient).allSatisfy((to, ids) -> assertThat(ids).as(to).hasSize(1));
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
        assertThat(workspace.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("STATUS")).containsExactly("FAILED", "COMPLETED");
    }
}
