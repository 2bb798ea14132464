package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.ReceivedMessage;
import org.paperdigest.support.Workspace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Crash safety as it happens in production: the packaged jar runs as a child process against a local relay
 * that accepts slowly, is killed with SIGKILL at several points of a run, and is started again until it
 * finishes. What the relay received is then counted per recipient.
 *
 * <p>Timing only chooses which phase a kill hits (JVM start-up, migrations, loading, syncing, an SMTP session,
 * the wait for the relay's 250, between chunks); the assertions hold whatever phase was hit: everyone gets
 * the digest, and the only duplicates are messages that were in flight at a kill, with the first copy's
 * Message-ID.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    /** The relay answers the end of DATA this late, so a kill often finds a message in flight. */
    static final Duration ACCEPT_DELAY = Duration.ofMillis(150);
    /** Bound on reaching a phase (the JVM alone takes 5-12 s to start on 2 busy cores). */
    static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    /** Bound on a run that must finish. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();
    final List<String> journal = new ArrayList<>();

    @TempDir
    Path dir;

    Workspace workspace;
    /** digest.delivery.connections for the runs: SMTP connections (send partitions) at once. */
    int connections = 1;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @BeforeEach
    void install() {
        Path home = dir.resolve("install");
        // The child runs in this folder with the packaged database URL (./data/paper-digest and the H2 options
        // the product ships, whose lock a killed process leaves); the test reads the same files with the same
        // options when no process has them open.
        workspace = new Workspace(home).withSmtp(relay.port())
                .with("spring.datasource.url", Workspace.shippedH2Url(home.resolve("data/paper-digest")));
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close); // no child may outlive the test holding the database
        relay.close();
        journal.forEach(System.out::println);
    }

    /**
     * One SMTP connection: at a kill at most one message is in flight, so at most one duplicate per kill.
     * Kills in every phase, from JVM start-up to the wait for the relay's reply.
     */
    @Test
    void killedAtManyPointsThenResumedEveryoneGetsExactlyOneDigest() {
        int subscribers = 40;
        connections = 1;
        workspace.subscribers(subscribersYaml(subscribers));
        relay.acceptDelay(ACCEPT_DELAY);
        Path dbFile = workspace.dir().resolve("data/paper-digest.mv.db");

        List<Kill> kills = new ArrayList<>();
        // (a) during JVM start-up, before anything could be sent
        kills.add(killAfter("a-startup", Duration.ofMillis(1500)));
        // (a) as soon as the process writes the database: migrations, the sync or the loading of the papers
        FileStamp before = FileStamp.of(dbFile);
        kills.add(killWhen("a-database-written", () -> !FileStamp.of(dbFile).equals(before), Duration.ZERO));
        kills.addAll(killsWhileSending(2));
        // (b) in the run's second chunk: with chunks of 5, a sixth message means the first chunk committed
        // (the connection stays open across chunks, so no new SMTP session marks the boundary)
        kills.add(killWhen("b-next-chunk", messagesArrived(6), Duration.ZERO));

        finishAndAssert(subscribers, kills);
    }

    /**
     * The send step partitioned over several SMTP connections (the default since partitioning): each
     * partition resumes on its own, and a kill can find one message in flight per connection.
     */
    @Test
    void killedWhileSendingOverParallelConnectionsThenResumed() {
        int subscribers = 40;
        connections = 4;
        workspace.subscribers(subscribersYaml(subscribers));
        relay.acceptDelay(ACCEPT_DELAY);

        finishAndAssert(subscribers, killsWhileSending(1));
    }

    /**
     * Kills in the send step: at an SMTP session's start, mid-chunk, then {@code rounds} times right on a
     * 250 and inside the accept delay.
     */
    private List<Kill> killsWhileSending(int rounds) {
        List<Kill> kills = new ArrayList<>();
        // (b) as soon as the run opens its SMTP session
        int connectionsBefore = relay.connectionsAccepted();
        kills.add(killWhen("b-first-smtp-session", () -> relay.connectionsAccepted() > connectionsBefore,
                Duration.ZERO));
        // (b) in the middle of a chunk
        kills.add(killWhen("b-mid-chunk", messagesArrived(6), Duration.ofMillis(300)));
        for (int round = 1; round <= rounds; round++) {
            // (c) the relay has just accepted a message: its delivery may not be recorded yet
            kills.add(killWhen("c-just-accepted-" + round, messagesArrived(2 + round), Duration.ZERO));
            // (c) the next message is inside the relay's accept delay: the relay keeps it, the client never hears
            kills.add(killWhen("c-inside-accept-delay-" + round, messagesArrived(4 - round),
                    ACCEPT_DELAY.dividedBy(2)));
        }
        return kills;
    }

    /** Runs to completion, then checks the relay, the status command and the database. */
    private void finishAndAssert(int subscribers, List<Kill> kills) {
        JarProcess last = send("final");
        int exit = last.waitFor(RUN_TIMEOUT);
        journal.add("final run: exit " + exit + " after " + last.age().toMillis() + " ms, relay has "
                + relay.messages().size() + " messages");
        assertThat(exit).as("the run after the kills must finish: %s", last.describe()).isZero();

        // Every kill found its process running (kill() fails the test otherwise), with at most one message in
        // flight per SMTP connection.
        assertEveryoneHasTheDigestOnceButForInFlightCopies(subscribers, kills.size() * connections);

        JarProcess status = JarProcess.start("status", workspace.dir(), dir.resolve("logs"),
                args("status", "--date", DATE));
        processes.add(status);
        assertThat(status.waitFor(RUN_TIMEOUT)).as(status.describe()).isZero();
        assertThat(status.stdout()).as(status.describe())
                .contains("issue " + DATE + ": COMPLETED")
                .contains(subscribers + " delivered");

        // Only now does the test open the database itself: until here every process found it as the
        // previous process left it.
        assertTheDatabaseRecordsOneDeliveryPerSubscriberAndACompletedRun(subscribers);
    }

    @Test
    void aSecondSendWhileOneRunsIsRefusedInOneLineWithExit2() {
        int subscribers = 20;
        workspace.subscribers(subscribersYaml(subscribers));
        relay.acceptDelay(ACCEPT_DELAY);

        JarProcess first = send("first");
        assertThat(first.awaitWhileAlive(() -> relay.messages().size() >= 1, PHASE_TIMEOUT))
                .as("the first run must start sending: %s", first.describe()).isTrue();
        // Keep the first run busy (and the database open) for as long as the second one needs to start.
        relay.acceptDelay(Duration.ofSeconds(2));

        JarProcess second = send("second");
        int secondExit = second.waitFor(RUN_TIMEOUT);
        boolean firstStillRunning = first.isAlive();
        int sentWhileSecondRan = relay.messages().size();
        relay.acceptDelay(Duration.ofMillis(20));
        journal.add("second run: exit " + secondExit + " after " + second.age().toMillis() + " ms; first run alive: "
                + firstStillRunning + ", relay had " + sentWhileSecondRan + " messages");

        assertThat(firstStillRunning)
                .as("precondition: the first run was still sending when the second one ended (else raise the "
                        + "relay delay); first: %s", first.describe())
                .isTrue();
        assertThat(secondExit).as(second.describe()).isEqualTo(2);
        assertThat(second.stderr().lines().toList()).as(second.describe()).singleElement().asString()
                .startsWith("paper-digest: 'send' is refused while 'send' of issue " + DATE + " (process " + first.pid());

        int firstExit = first.waitFor(RUN_TIMEOUT);
        assertThat(firstExit).as(first.describe()).isZero();
        assertThat(relay.countByRecipient()).as("messages per recipient").hasSize(subscribers)
                .allSatisfy((to, count) -> assertThat(count).as(to).isEqualTo(1));
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE issue_date = ? AND status = 'DELIVERED'",
                LocalDate.parse(DATE))).isEqualTo(subscribers);
        assertThat(workspace.query("SELECT status FROM batch_job_execution ORDER BY job_execution_id"))
                .as("the second run must leave no job execution behind")
                .extracting(row -> row.get("STATUS")).containsExactly("COMPLETED");
    }

    // ---------------------------------------------------------------- kills

    record Kill(String phase, long afterMillis, int messagesBefore, int messagesAfter, int exit) {

        @Override
        public String toString() {
            return phase + " killed after " + afterMillis + " ms, relay messages " + messagesBefore + " -> "
                    + messagesAfter + ", exit " + exit;
        }
    }

    /** Kills a run a fixed time after its start, whatever it is doing then. */
    private Kill killAfter(String phase, Duration delay) {
        int messagesBefore = relay.messages().size();
        JarProcess run = send(phase);
        run.awaitWhileAlive(() -> false, delay);
        return kill(phase, run, messagesBefore);
    }

    /**
     * Starts a send, waits until the phase is reached, waits a little more, and kills it. A run that exits by
     * itself before that has failed to resume (or finished too early), which is reported with its output.
     */
    private Kill killWhen(String phase, BooleanSupplier reached, Duration thenWait) {
        int messagesBefore = relay.messages().size();
        JarProcess run = send(phase);
        boolean inPhase = run.awaitWhileAlive(reached, PHASE_TIMEOUT);
        if (inPhase && !thenWait.isZero()) {
            sleep(thenWait);
        }
        if (!inPhase && run.isAlive()) {
            run.kill();
            throw new AssertionError("run '" + phase + "' did not reach its phase within " + PHASE_TIMEOUT + "\n"
                    + run.describe() + "\nearlier runs:\n" + String.join("\n", journal));
        }
        return kill(phase, run, messagesBefore);
    }

    private Kill kill(String phase, JarProcess run, int messagesBefore) {
        long age = run.age().toMillis();
        boolean hit = run.kill();
        if (!hit) {
            throw new AssertionError("run '" + phase + "' ended on its own before it could be killed; "
                    + "relay messages " + messagesBefore + " -> " + relay.messages().size() + "\n" + run.describe()
                    + "\nearlier runs:\n" + String.join("\n", journal));
        }
        // What the killed run left inside the relay's accept delay lands now, and not in the next run's phase: a
        // run that starts in a few seconds would otherwise be killed at start-up for its predecessor's messages.
        if (!relay.awaitNoConnections(PHASE_TIMEOUT)) {
            throw new AssertionError("the relay still talks to run '" + phase + "' " + PHASE_TIMEOUT
                    + " after its kill");
        }
        Kill kill = new Kill(phase, age, messagesBefore, relay.messages().size(), run.exitCode());
        journal.add(kill + "; " + recordedVersusAccepted(phase)
                + (run.stderr().isBlank() ? "" : "; stderr: " + run.stderr().strip()));
        return kill;
    }

    /**
     * Diagnostics only: what the delivery table says right after a kill against what the relay accepted. A
     * gap of more than one recipient means deliveries committed before the kill were lost with the process.
     * It reads a copy of the database file, so the next process still finds the file exactly as the killed
     * one left it and does H2's crash recovery itself.
     */
    private String recordedVersusAccepted(String phase) {
        long accepted = relay.messages().stream().map(m -> m.recipients().get(0).toLowerCase(Locale.ROOT))
                .distinct().count();
        Path db = workspace.dir().resolve("data/paper-digest.mv.db");
        if (!Files.exists(db)) {
            return "no database yet, relay accepted " + accepted + " recipients";
        }
        Path copy = dir.resolve("logs/db-after-" + phase + "/paper-digest.mv.db");
        try {
            Files.createDirectories(copy.getParent());
            Files.copy(db, copy);
            String url = "jdbc:h2:file:" + copy.resolveSibling("paper-digest");
            try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
                Long delivered = jdbc.queryForObject(
                        "SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'", Long.class);
                List<Map<String, Object>> steps = jdbc.queryForList(
                        "SELECT step_name, status, commit_count, write_count FROM batch_step_execution "
                                + "ORDER BY step_execution_id");
                return "delivery table has " + delivered + " DELIVERED, relay accepted " + accepted
                        + " recipients; steps " + steps;
            }
        } catch (Exception e) {
            return "database not readable (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "), relay accepted " + accepted + " recipients";
        }
    }

    private BooleanSupplier messagesArrived(int more) {
        int target = relay.messages().size() + more;
        return () -> relay.messages().size() >= target;
    }

    // ---------------------------------------------------------------- assertions

    private void assertEveryoneHasTheDigestOnceButForInFlightCopies(int subscribers, int inFlightAtKills) {
        Map<String, List<ReceivedMessage>> byRecipient = new TreeMap<>();
        for (ReceivedMessage message : relay.messages()) {
            for (String to : message.recipients()) {
                byRecipient.computeIfAbsent(to.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(message);
            }
        }
        String report = byRecipient.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue().size() + " " + e.getValue().stream()
                        .map(ReceivedMessage::messageId).distinct().toList())
                .collect(Collectors.joining("\n  ", "messages per recipient:\n  ", "\nruns:\n"
                        + String.join("\n", journal)));

        assertThat(byRecipient.keySet()).as(report).containsExactlyInAnyOrderElementsOf(emails(subscribers));
        byRecipient.forEach((to, copies) -> {
            assertThat(copies).as("%s: one message per delivery transaction; %s", to, report)
                    .allSatisfy(m -> assertThat(m.recipients()).hasSize(1));
            assertThat(copies).as("%s: every message has a Message-ID; %s", to, report)
                    .allSatisfy(m -> assertThat(m.messageId()).isNotBlank());
            assertThat(copies.stream().map(ReceivedMessage::messageId).distinct())
                    .as("%s: a copy sent again after a kill carries the first copy's Message-ID; %s", to, report)
                    .hasSize(1);
        });
        int duplicates = byRecipient.values().stream().mapToInt(copies -> copies.size() - 1).sum();
        journal.add("duplicates: " + duplicates + ", at most " + inFlightAtKills + " messages were in flight at the kills ("
                + connections + " per kill)");
        assertThat(duplicates)
                .as("only a message in flight at a kill may arrive twice: at most one per SMTP connection and kill "
                        + "(%d connections); %s", connections, report)
                .isLessThanOrEqualTo(inFlightAtKills);
    }

    private void assertTheDatabaseRecordsOneDeliveryPerSubscriberAndACompletedRun(int subscribers) {
        Map<String, String> messageIdAtRelay = new LinkedHashMap<>();
        relay.messages().forEach(m -> messageIdAtRelay.put(m.recipients().get(0).toLowerCase(Locale.ROOT),
                m.messageId()));

        List<Map<String, Object>> rows = workspace.query("""
                SELECT s.email_key, d.status, d.message_id FROM subscriber s
                LEFT JOIN delivery d ON d.subscriber_id = s.id AND d.issue_date = ?
                ORDER BY s.email_key""", LocalDate.parse(DATE));
        assertThat(rows).as("subscribers in the database").hasSize(subscribers);
        assertThat(rows).allSatisfy(row -> {
            String email = (String) row.get("EMAIL_KEY");
            assertThat(row.get("STATUS")).as("delivery of %s: %s", email, rows).isEqualTo("DELIVERED");
            assertThat(row.get("MESSAGE_ID")).as("recorded Message-ID of %s", email)
                    .isEqualTo(messageIdAtRelay.get(email));
        });
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE issue_date = ?",
                LocalDate.parse(DATE))).as("delivery rows of the date").isEqualTo(subscribers);

        List<Map<String, Object>> executions = workspace.query(
                "SELECT job_execution_id, status, exit_code FROM batch_job_execution ORDER BY job_execution_id");
        journal.add("job executions: " + executions);
        assertThat(executions).as("job executions").isNotEmpty();
        assertThat(executions.get(executions.size() - 1).get("STATUS")).as("the last job execution: %s", executions)
                .isEqualTo("COMPLETED");
        assertThat(executions.stream().filter(e -> Objects.equals(e.get("STATUS"), "COMPLETED")))
                .as("one completed execution: %s", executions).hasSize(1);
    }

    // ---------------------------------------------------------------- plumbing

    private JarProcess send(String name) {
        JarProcess process = JarProcess.start(name, workspace.dir(), dir.resolve("logs"),
                args("send", "--date", DATE));
        processes.add(process);
        return process;
    }

    /**
     * The command with the workspace's settings as --name=value arguments, the way an operator runs it. The
     * database is not among them: the process runs in the workspace folder with the packaged default URL.
     */
    private List<String> args(String... command) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", String.valueOf(relay.port()));
        settings.put("digest.subscribers-file", workspace.subscribersFile().toString());
        settings.put("digest.abstracts", Workspace.SAMPLE_DAY.toString());
        settings.put("digest.templates-dir", Path.of("templates").toAbsolutePath().toString());
        settings.put("digest.outbox", workspace.outbox().toString());
        settings.put("digest.from", "Paper Digest <digest@example.org>");
        settings.put("digest.chunk-size", "5");
        settings.put("digest.delivery.connections", String.valueOf(connections));
        List<String> args = new ArrayList<>(List.of(command));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    static String subscribersYaml(int count) {
        return "subscribers:\n" + IntStream.rangeClosed(1, count)
                .mapToObj(i -> "  - email: reader%02d@example.org\n    interests: [%s]\n".formatted(i,
                        i % 2 == 0 ? "KV cache" : "large language models"))
                .collect(Collectors.joining());
    }

    static Set<String> emails(int count) {
        return IntStream.rangeClosed(1, count).mapToObj("reader%02d@example.org"::formatted)
                .collect(Collectors.toSet());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Size and modification time of a file, to notice that a process wrote it. */
    record FileStamp(boolean exists, long size, long modified) {

        static FileStamp of(Path file) {
            try {
                return Files.exists(file)
                        ? new FileStamp(true, Files.size(file), Files.getLastModifiedTime(file).toMillis())
                        : new FileStamp(false, 0, 0);
            } catch (java.io.IOException e) {
                return new FileStamp(false, 0, 0); // it is being created; the next poll sees it
            }
        }
    }
}
