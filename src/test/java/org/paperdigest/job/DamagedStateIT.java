package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * State damaged after a run, with the packaged jar as a child process: a database put back from an older
 * copy, a journal deleted or damaged after a kill, a database file cut short. None of them may lead to a
 * silent resend; each is one line, exit 2, and nothing sent, until the operator repairs or accepts it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DamagedStateIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();

    @TempDir
    Path dir;

    Path home;
    Path data;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @BeforeEach
    void install() {
        home = dir.resolve("install");
        data = home.resolve("data");
        new Workspace(home).subscribers(subscribersYaml(30));
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
    }

    @Test
    void aDatabasePutBackFromAnOlderCopyIsRefusedUntilTheOperatorAcceptsTheResend() throws Exception {
        assertThat(finish("sync", "subscribers", "sync")).isEmpty();
        Path older = Files.copy(data.resolve("paper-digest.mv.db"), dir.resolve("older.mv.db"));
        assertThat(finish("send", "send", "--date", DATE)).isEmpty();
        assertThat(relay.messages()).hasSize(30);
        Files.copy(older, data.resolve("paper-digest.mv.db"), StandardCopyOption.REPLACE_EXISTING);

        JarProcess refused = run("send-on-older-copy", "send", "--date", DATE);

        assertThat(refused.waitFor(RUN_TIMEOUT)).as(refused.describe()).isEqualTo(2);
        assertThat(refused.stderr().lines()).as(refused.describe()).singleElement().asString()
                .contains("the database " + data.resolve("paper-digest.mv.db") + " is behind its delivery ledger")
                .contains("nothing was sent").contains("delete " + data.resolve("paper-digest.ledger"));
        assertThat(relay.messages()).hasSize(30);

        // The operator accepts that the day is sent again.
        Files.delete(data.resolve("paper-digest.ledger"));
        assertThat(finish("send-accepted", "send", "--date", DATE)).isEmpty();
        assertThat(relay.messages()).hasSize(60);
    }

    @Test
    void aJournalDeletedAfterAKillIsRefusedInsteadOfSendingItsDigestsAgain() throws Exception {
        JarProcess killed = killedMidChunk();
        assertThat(killed.wasKilled()).as(killed.describe()).isTrue();
        int before = relay.messages().size();
        deleteTree(data.resolve("paper-digest.journal"));

        JarProcess refused = run("send-without-journal", "send", "--date", DATE);

        assertThat(refused.waitFor(RUN_TIMEOUT)).as(refused.describe()).isEqualTo(2);
        assertThat(refused.stderr().lines()).as(refused.describe()).singleElement().asString()
                .contains("the delivery journal file " + data.resolve("paper-digest.journal"))
                .contains("is missing").contains("nothing was sent");
        assertThat(relay.messages()).hasSize(before);
    }

    @Test
    void aDamagedJournalRecordStopsTheRunAndThePrintedRepairLetsItFinish() throws Exception {
        killedMidChunk();
        Path journal;
        try (Stream<Path> files = Files.list(data.resolve("paper-digest.journal"))) {
            journal = files.filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        List<String> records = Files.readAllLines(journal);
        assertThat(records).as("the kill left several records in the journal").hasSizeGreaterThanOrEqualTo(3);
        records.set(1, records.get(1).replace("DELIVERED", "DELIVERET"));
        Files.write(journal, records);
        int before = relay.messages().size();

        JarProcess refused = run("send-damaged-journal", "send", "--date", DATE);

        assertThat(refused.waitFor(RUN_TIMEOUT)).as(refused.describe()).isEqualTo(2);
        String line = refused.stderr().strip();
        assertThat(line).as(refused.describe()).doesNotContain("\n")
                .contains("the delivery journal " + journal + " is damaged at line 2");
        assertThat(relay.messages()).hasSize(before);
        Matcher repair = Pattern.compile("\\((sed -i '2d' \\S+)\\)").matcher(line);
        assertThat(repair.find()).as(line).isTrue();
        assertThat(new ProcessBuilder("bash", "-c", repair.group(1)).inheritIO().start().waitFor()).isZero();

        assertThat(finish("send-repaired", "send", "--date", DATE)).isEmpty();
        Map<String, Integer> copies = relay.countByRecipient();
        assertThat(copies).hasSize(30);
        // The deleted record's digest, and the one in flight at the kill, may arrive twice; nothing else.
        assertThat(copies.values().stream().mapToInt(n -> n - 1).sum()).as("%s", copies).isLessThanOrEqualTo(2);
    }

    @Test
    void aDatabaseFileCutShortIsOneLineWithTheRecoveryAndNothingIsSent() throws Exception {
        assertThat(finish("send", "send", "--date", DATE)).isEmpty();
        Path db = data.resolve("paper-digest.mv.db");
        byte[] bytes = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(bytes, 100));

        JarProcess damaged = run("status-cut-short", "status", "--date", DATE);

        assertThat(damaged.waitFor(RUN_TIMEOUT)).as(damaged.describe()).isEqualTo(2);
        assertThat(damaged.stderr().lines()).as(damaged.describe()).singleElement().asString()
                .startsWith("paper-digest: " + db + " is damaged").contains("from the latest backup");

        // Cut where H2 still finds a header, it opens an empty database: the ledger knows better.
        Files.write(db, java.util.Arrays.copyOf(bytes, 8192));
        JarProcess emptied = run("send-cut-short", "send", "--date", DATE);

        assertThat(emptied.waitFor(RUN_TIMEOUT)).as(emptied.describe()).isEqualTo(2);
        assertThat(emptied.stderr().lines()).as(emptied.describe()).singleElement().asString()
                .contains("is behind its delivery ledger").contains("nothing was sent");
        assertThat(relay.messages()).hasSize(30);
    }

    /** A send over one connection, killed once a few messages of a chunk of 20 were accepted. */
    private JarProcess killedMidChunk() {
        relay.acceptDelay(Duration.ofMillis(150));
        JarProcess send = run("send-killed", "send", "--date", DATE);
        send.awaitWhileAlive(() -> relay.messages().size() >= 5, RUN_TIMEOUT);
        send.kill();
        assertThat(relay.awaitNoConnections(RUN_TIMEOUT)).as("the relay has recorded what was in flight").isTrue();
        relay.acceptDelay(Duration.ZERO);
        return send;
    }

    /** Runs a command to its end and returns its stderr lines (empty when it succeeded quietly). */
    private List<String> finish(String name, String... command) {
        JarProcess process = run(name, command);
        assertThat(process.waitFor(RUN_TIMEOUT)).as(process.describe()).isZero();
        return process.stderr().lines().filter(l -> !l.contains("warning")).toList();
    }

    private JarProcess run(String name, String... command) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", String.valueOf(relay.port()));
        settings.put("digest.subscribers-file", home.resolve("subscribers.yml").toString());
        settings.put("digest.abstracts", Workspace.SAMPLE_DAY.toString());
        settings.put("digest.templates-dir", Path.of("templates").toAbsolutePath().toString());
        settings.put("digest.from", "Paper Digest <digest@example.org>");
        settings.put("digest.chunk-size", "20");
        settings.put("digest.delivery.connections", "1");
        List<String> args = new ArrayList<>(List.of(command));
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        JarProcess process = JarProcess.start(name, home, dir.resolve("logs"), args);
        processes.add(process);
        return process;
    }

    private static void deleteTree(Path path) throws Exception {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String subscribersYaml(int count) {
        return "subscribers:\n" + IntStream.rangeClosed(1, count)
                .mapToObj(i -> "  - email: reader%02d@example.org\n    interests: [%s]\n".formatted(i,
                        i % 2 == 0 ? "KV cache" : "large language models"))
                .collect(Collectors.joining());
    }
}
