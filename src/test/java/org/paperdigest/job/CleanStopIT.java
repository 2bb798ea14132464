package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * SIGTERM in the middle of a send, to the packaged jar, as systemd, Kubernetes or Ctrl-C in schedule send it:
 * the run stops cleanly, says how to resume, and the resume completes the date without duplicates.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CleanStopIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 60;
    static final int CONNECTIONS = 2;
    /** Bound on the stop: the message in flight ends and the outcomes are flushed (the JVM start is not in it). */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();

    @TempDir
    Path dir;

    Path home;
    Workspace workspace;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    /** The day's papers the jar reads. */
    private Path abstracts = Workspace.SAMPLE_DAY;

    @BeforeEach
    void install() {
        home = dir.resolve("install");
        workspace = new Workspace(home).withSmtp(relay.port())
                .with("spring.datasource.url", Workspace.shippedH2Url(home.resolve("db/paper-digest")))
                .with("digest.chunk-size", "10")
                .with("digest.delivery.connections", String.valueOf(CONNECTIONS))
                .subscribers(Workspace.readers(SUBSCRIBERS));
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
    }

    @Test
    void sigtermMidSendStopsTheRunAndTheNextSendFinishesItWithoutDuplicates() {
        relay.acceptDelay(Duration.ofMillis(100));
        JarProcess send = start();
        assertThat(send.awaitWhileAlive(() -> relay.messages().size() >= 12, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();

        int exit = terminate(send);

        assertStoppedCleanly(send, exit);
        assertThat(relay.messages().size()).as("precondition: stopped before the end").isLessThan(SUBSCRIBERS);
        assertResumeCompletesTheDate();
    }

    @Test
    void sigtermDuringARelayOutageDoesNotWaitOutTheBackOff() {
        relay.acceptDelay(Duration.ofMillis(100));
        JarProcess send = start();
        assertThat(send.awaitWhileAlive(() -> relay.messages().size() >= 6, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();
        long mailsBefore = commands("MAIL FROM");
        relay.replyAt(FaultySmtpServer.Stage.MAIL, 451, "4.3.2 try again later", -1);
        // Each connection has been refused once and waits 30 s (backoff-initial) before its next try.
        assertThat(send.awaitWhileAlive(() -> commands("MAIL FROM") >= mailsBefore + CONNECTIONS,
                Duration.ofSeconds(60))).as(send.describe()).isTrue();
        // The progress line (stderr is not a terminal) says so, within its 10 s.
        assertThat(send.awaitWhileAlive(
                () -> send.stderr().contains("the relay is not taking mail: waiting, next try at"),
                Duration.ofSeconds(25))).as(send.describe()).isTrue();

        int exit = terminate(send);

        assertStoppedCleanly(send, exit);
        relay.replyAt(FaultySmtpServer.Stage.MAIL, 0, "", 0);
        assertResumeCompletesTheDate();
    }

    @Test
    void aSecondSigtermExitsAtOnceWithoutWaitingForTheMessagesInFlight() {
        JarProcess send = startAndHangEveryConnectionOnItsMessage();

        ProcessHandle.of(send.pid()).ifPresent(ProcessHandle::destroy);
        assertThat(send.awaitWhileAlive(() -> send.stderr().contains("paper-digest: stopping the run of " + DATE),
                Duration.ofSeconds(30))).as(send.describe()).isTrue();
        int exit = terminate(send);

        assertThat(exit).as(send.describe()).isEqualTo(143);
        assertThat(send.stderr()).as(send.describe())
                .contains("a second signal exits at once")
                .doesNotContain("stopped after", "did not stop within", "Exception");
        relay.acceptDelay(Duration.ZERO);
        assertResumeCompletesTheDate();
    }

    @Test
    void aRunThatCannotStopWithinTheGraceIsAbandonedAndResumedLater() {
        JarProcess send = startAndHangEveryConnectionOnItsMessage();

        int exit = terminate(send);

        assertThat(exit).as(send.describe()).isEqualTo(143);
        assertThat(send.stderr()).as(send.describe())
                .contains("paper-digest: the run of " + DATE + " did not stop within " + CleanStop.GRACE.toSeconds()
                        + " s and was abandoned; run 'send --date " + DATE + "' to resume it")
                .doesNotContain("Exception");
        relay.acceptDelay(Duration.ZERO);
        assertResumeCompletesTheDate();
    }

    /** A send whose every connection waits a minute for the relay's reply to its first message's final dot. */
    private JarProcess startAndHangEveryConnectionOnItsMessage() {
        relay.acceptDelay(Duration.ofMinutes(1));
        JarProcess send = start();
        // No DATA is answered for a minute, and a connection sends no DATA before the reply to its last one.
        assertThat(send.awaitWhileAlive(() -> commands("DATA") >= CONNECTIONS, Duration.ofSeconds(90)))
                .as(send.describe()).isTrue();
        return send;
    }

    private long commands(String verb) {
        return relay.commands().stream().filter(command -> command.startsWith(verb)).count();
    }

    @Test
    void sigtermDuringResendFailedStopsItCleanlyAndTheNextResendTriesTheRest() {
        int failing = 40;
        for (int i = 1; i <= failing; i++) {
            relay.rejectRecipientTimes(String.format("reader%02d@example.org", i), 451, "4.2.1 try later", 1);
        }
        Cli.Result sent = workspace.with("digest.delivery.max-attempts", "1")
                .with("digest.delivery.max-failure-ratio", "1").run("send", "--date", DATE);
        assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'FAILED'")).isEqualTo(failing);
        relay.acceptDelay(Duration.ofMillis(100));
        int before = relay.messages().size();
        JarProcess resend = start("resend-failed", "--date", DATE);
        assertThat(resend.awaitWhileAlive(() -> relay.messages().size() >= before + 8, Duration.ofSeconds(90)))
                .as(resend.describe()).isTrue();

        int exit = terminate(resend);

        assertThat(exit).as(resend.describe()).isEqualTo(143);
        long delivered = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        assertThat(delivered).as("precondition: stopped before the end").isLessThan(SUBSCRIBERS);
        assertThat(resend.stderr()).as(resend.describe())
                .contains("paper-digest: stopped after " + delivered + " delivered; run 'resend-failed --date "
                        + DATE + "' to try the rest")
                .doesNotContain("Exception", "HikariDataSource");
        assertThat(workspace.query("SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i"
                + " ON i.job_instance_id = e.job_instance_id WHERE i.job_name = 'resendFailed'"))
                .extracting(row -> row.get("STATUS")).containsExactly("STOPPED");
        relay.acceptDelay(Duration.ZERO);
        Cli.Result rest = workspace.run("resend-failed", "--date", DATE);
        assertThat(rest.exitCode()).as(rest.out() + rest.err()).isZero();
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(duplicates).as("copies beyond the first: %s", received).isLessThanOrEqualTo(CONNECTIONS);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(SUBSCRIBERS);
    }

    @Test
    void sigtermToScheduleStopsItsRunningSendTheSameWayAndStartsNoOther() {
        relay.acceptDelay(Duration.ofMillis(100));
        abstracts = workspace.todaysPage(); // schedule sends today's issue, and the sample is of Jul 29
        // Every second: a run starts at once, and another would start as soon as it ended.
        JarProcess schedule = start("schedule", "--cron", "* * * * * *");
        assertThat(schedule.awaitWhileAlive(() -> relay.messages().size() >= 12, Duration.ofSeconds(90)))
                .as(schedule.describe()).isTrue();

        int exit = terminate(schedule);

        assertThat(exit).as(schedule.describe()).isEqualTo(143);
        long delivered = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        assertThat(schedule.stdout()).as(schedule.describe())
                .containsPattern("paper-digest: stopped after " + delivered
                        + " delivered; run 'send --date \\d{4}-\\d\\d-\\d\\d' to resume")
                .doesNotContain("did not start", "Exception");
        assertThat(workspace.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("STATUS")).containsExactly("STOPPED");
    }

    private JarProcess start() {
        return start("send", "--date", DATE);
    }

    private JarProcess start(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        // the URL as shipped: H2 closes the database in a shutdown hook of its own, which AUTO_SERVER requires
        List.of("spring.datasource.url=" + Workspace.shippedH2Url(home.resolve("db/paper-digest")),
                "spring.mail.host=127.0.0.1", "spring.mail.port=" + relay.port(),
                "digest.subscribers-file=" + workspace.subscribersFile(),
                "digest.abstracts=" + abstracts,
                "digest.templates-dir=" + Path.of("templates").toAbsolutePath(),
                "digest.outbox=" + workspace.outbox(), "digest.from=Paper Digest <digest@example.org>",
                "digest.chunk-size=10", "digest.delivery.connections=" + CONNECTIONS,
                "digest.delivery.backoff-initial=30s").forEach(setting -> args.add("--" + setting));
        JarProcess send = JarProcess.start(command[0], home, dir.resolve("logs"), args);
        processes.add(send);
        return send;
    }

    /** SIGTERM (Process.destroy on Linux), then the exit code, which must come within {@link #STOP_TIMEOUT}. */
    private static int terminate(JarProcess send) {
        ProcessHandle.of(send.pid()).ifPresent(ProcessHandle::destroy);
        return send.waitFor(STOP_TIMEOUT);
    }

    private void assertStoppedCleanly(JarProcess send, int exit) {
        assertThat(exit).as(send.describe()).isEqualTo(143);
        long delivered = workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'");
        assertThat(send.stderr()).as(send.describe())
                .contains("paper-digest: stopped after " + delivered + " delivered; run 'send --date " + DATE
                        + "' to resume")
                .doesNotContain("Exception", "HikariDataSource", "did not start");
        assertThat(workspace.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("STATUS")).containsExactly("STOPPED");
        // Every message the relay took is recorded: the one in flight was let finish.
        assertThat(delivered).isBetween(relay.messages().size() - (long) CONNECTIONS, (long) relay.messages().size());
    }

    private void assertResumeCompletesTheDate() {
        Cli.Result resumed = workspace.run("send", "--date", DATE);
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        Map<String, Integer> received = relay.countByRecipient();
        assertThat(received).hasSize(SUBSCRIBERS);
        int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(duplicates).as("copies beyond the first: %s", received).isLessThanOrEqualTo(CONNECTIONS);
        assertThat(workspace.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .extracting(row -> row.get("STATUS")).last().isEqualTo("COMPLETED");
    }
}
