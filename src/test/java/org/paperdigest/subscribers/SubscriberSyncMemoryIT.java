package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.JarProcess;

/**
 * The packaged jar adds {@value #SUBSCRIBERS} subscribers in a heap of {@value #HEAP}: the file and the
 * table are never held in memory. Reading the whole file into memory first ran out of a 256 MiB heap
 * at 100,000 subscribers; the sync holds one batch and a bit per row, and its heap stays at about 25 MiB
 * after a full collection (most of it Spring, Lucene and H2's page cache) however many subscribers.
 * 200,000 fit as well, but a heap this small makes the collector work hard enough to double the time.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SubscriberSyncMemoryIT {

    static final int SUBSCRIBERS = 100_000;
    static final String HEAP = "64m";

    @TempDir
    Path dir;

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @Test
    void addsAHundredThousandSubscribersInA64MiBHeap() throws Exception {
        Path file = dir.resolve("subscribers.yml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("subscribers:\n");
            for (int i = 1; i <= SUBSCRIBERS; i++) {
                out.write("  - email: user%06d@example.org\n    name: User %d\n    interests: [KV cache, topic %d]\n"
                        .formatted(i, i, i % 1_000));
                if (i % 10 == 0) {
                    out.write("    format: text\n");
                }
            }
        }

        Path out = run("sync", file);

        assertThat(lastLine(out)).isEqualTo("added " + SUBSCRIBERS + ", changed 0, deactivated 0, unchanged 0");
        try (var lines = Files.lines(out)) {
            assertThat(lines.count()).isEqualTo(SUBSCRIBERS + 1);
        }
        try (Connection db = DriverManager.getConnection(url(), "sa", "");
                ResultSet count = db.createStatement().executeQuery(
                        "SELECT COUNT(*), COUNT(DISTINCT email_key) FROM subscriber WHERE active")) {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(SUBSCRIBERS);
            assertThat(count.getLong(2)).isEqualTo(SUBSCRIBERS);
        }
    }

    /** {@code subscribers sync} in a child JVM with a small heap; its stdout. */
    private Path run(String name, Path file) {
        JarProcess process = JarProcess.start(name, dir, dir, List.of("subscribers", "sync",
                "--spring.datasource.url=" + url(), "--digest.subscribers-file=" + file), List.of("-Xmx" + HEAP),
                Map.of());
        try {
            assertThat(process.waitFor(Duration.ofSeconds(200))).as("%s: %s", name, process.stderr()).isZero();
        } finally {
            process.close();
        }
        return dir.resolve(name + ".out");
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db/paper-digest");
    }

    private static String lastLine(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.reduce((first, second) -> second).orElse("");
        }
    }
}
