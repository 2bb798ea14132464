package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.SmallDisk;
import org.paperdigest.support.Workspace;

/**
 * A disk that fills up in the middle of a send, with the packaged jar as a child process: its H2 file and
 * journal are on a small tmpfs that the test fills with a file of its own, leaving room for part of the run.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DiskFullIT {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final int SUBSCRIBERS = 400;
    static final int CONNECTIONS = 2;
    /** Free space left for the send: enough for its start and some chunks, far from enough for 400. */
    static final long HEADROOM = 400 * 1024;
    /** Bound on a run: JVM start-up (5-12 s on 2 busy cores) plus the send; a run that spins never ends. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    final FaultySmtpServer relay = new FaultySmtpServer();
    final List<JarProcess> processes = new ArrayList<>();

    @TempDir
    Path dir;

    SmallDisk disk;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(JarProcess::close);
        relay.close();
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aFullDiskEndsTheRunWithOneLineAndTheRunAfterSpaceIsFreedSendsTheRestWithoutRepeats() {
        disk = SmallDisk.mount(dir.resolve("disk"), 24);
        Path home = disk.path().resolve("install");
        Workspace workspace = new Workspace(home).subscribers(subscribersYaml(SUBSCRIBERS))
                .with("spring.datasource.url", "jdbc:h2:file:" + home.resolve("data/paper-digest"));
        JarProcess sync = run("sync", home, "subscribers", "sync");
        assertThat(sync.waitFor(RUN_TIMEOUT)).as(sync.describe()).isZero();
        disk.fillLeaving(HEADROOM);

        JarProcess full = run("send-disk-full", home, "send", "--date", DATE);
        int exit = full.waitFor(RUN_TIMEOUT);
        int sentBeforeFull = relay.messages().size();

        assertThat(exit).as(full.describe()).isEqualTo(1);
        List<String> errors = full.stderr().lines().toList();
        assertThat(errors).as(full.describe()).hasSize(1);
        String line = errors.get(0);
        assertThat(line).as(full.describe())
                .startsWith("paper-digest: no space left on ")
                .contains(disk.path().toString())
                .containsPattern("this run delivered [0-9]+ digests before it stopped")
                .contains("free space on " + disk.path())
                .endsWith("then run the same command again");
        assertThat(sentBeforeFull).as("the disk must fill partway through the send: " + full.describe())
                .isBetween(1, SUBSCRIBERS - 1);

        disk.freeSpace();
        JarProcess resumed = run("send-resumed", home, "send", "--date", DATE);
        assertThat(resumed.waitFor(RUN_TIMEOUT)).as(resumed.describe()).isZero();

        Map<String, Integer> copies = relay.countByRecipient();
        assertThat(copies.keySet()).as("everyone got the digest").hasSize(SUBSCRIBERS);
        int duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(duplicates).as("at most the message in flight on each connection arrives twice: %s", copies)
                .isLessThanOrEqualTo(CONNECTIONS);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE issue_date = ? AND status = 'DELIVERED'",
                LocalDate.parse(DATE))).isEqualTo(SUBSCRIBERS);
    }

    private JarProcess run(String name, Path home, String... command) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", String.valueOf(relay.port()));
        settings.put("digest.subscribers-file", home.resolve("subscribers.yml").toString());
        settings.put("digest.abstracts", Workspace.SAMPLE_DAY.toString());
        settings.put("digest.templates-dir", Path.of("templates").toAbsolutePath().toString());
        settings.put("digest.from", "Paper Digest <digest@example.org>");
        settings.put("digest.chunk-size", "20");
        settings.put("digest.delivery.connections", String.valueOf(CONNECTIONS));
        List<String> args = new ArrayList<>(List.of(command));
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        JarProcess process = JarProcess.start(name, home, dir.resolve("logs"), args);
        processes.add(process);
        return process;
    }

    static String subscribersYaml(int count) {
        return "subscribers:\n" + IntStream.rangeClosed(1, count)
                .mapToObj(i -> "  - email: reader%03d@example.org\n    interests: [%s]\n".formatted(i,
                        i % 2 == 0 ? "KV cache" : "large language models"))
                .collect(Collectors.joining());
    }
}
