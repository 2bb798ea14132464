package org.paperdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/** The day's input at the production heap (-Xmx256m): refused up front when too big, never an OutOfMemoryError. */
class BigAbstractsIT {

    static final List<String> PRODUCTION_HEAP = List.of("-Xmx256m");

    @TempDir
    Path dir;

    @Test
    void a50MegabyteAbstractsFileIsRefusedWithTheLimitAndNothingStarts() throws Exception {
        Path day = writeDay(dir.resolve("day.txt"), 50L << 20);

        try (JarProcess send = JarProcess.start("big-day", dir, dir.resolve("logs"), sendArgs(day), PRODUCTION_HEAP,
                Map.of())) {
            assertThat(send.waitFor(Duration.ofMinutes(3))).as(send.describe()).isEqualTo(2);
            assertThat(send.stderr()).as(send.describe()).doesNotContain("OutOfMemoryError");
            assertThat(send.stderr().lines()).as(send.describe()).containsExactly("paper-digest: " + day
                    + ": the abstracts file is " + Files.size(day) + " bytes, more than digest.abstracts-max-size "
                    + "(16777216 bytes); a day of papers is usually under 1 MB");
        }
        assertThat(jobInstances()).isZero();
        assertThat(dir.resolve("outbox")).doesNotExist();
    }

    @Test
    void aFileJustUnderTheDefaultLimitIsSentAtTheProductionHeap() throws Exception {
        Path day = writeDay(dir.resolve("day.txt"), (16L << 20) - (64 << 10));

        try (JarProcess send = JarProcess.start("limit-day", dir, dir.resolve("logs"), sendArgs(day), PRODUCTION_HEAP,
                Map.of())) {
            assertThat(send.waitFor(Duration.ofMinutes(5))).as(send.describe()).isZero();
        }
        assertThat(jobInstances()).isEqualTo(1);
        try (var files = Files.list(dir.resolve("outbox").resolve(Workspace.SAMPLE_DATE))) {
            assertThat(files).hasSize(3);
        }
    }

    /** A page-text day of distinct papers, each abstract mentioning KV cache, of about {@code size} bytes. */
    private static Path writeDay(Path file, long size) throws IOException {
        String abstractText = ("We study the KV cache of large language models under speculative decoding and "
                + "report what we measured. ").repeat(20);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Daily Papers\n\nJul 29\n\n");
            for (int i = 0; written < size; i++) {
                String paper = "Paper number " + i + " on caches\n\n" + abstractText + "\n\n";
                out.write(paper);
                written += paper.length();
            }
        }
        return file;
    }

    private List<String> sendArgs(Path day) throws IOException {
        Files.writeString(dir.resolve("subscribers.yml"), Workspace.readers(3));
        List<String> args = new ArrayList<>(List.of("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", day.toString()));
        args.add("--spring.datasource.url=" + databaseUrl());
        args.add("--digest.subscribers-file=" + dir.resolve("subscribers.yml"));
        args.add("--digest.templates-dir=" + Path.of("templates").toAbsolutePath());
        args.add("--digest.outbox=" + dir.resolve("outbox"));
        return args;
    }

    private String databaseUrl() {
        return "jdbc:h2:file:" + dir.resolve("db/paper-digest");
    }

    private long jobInstances() throws Exception {
        if (!Files.exists(dir.resolve("db/paper-digest.mv.db"))) {
            return 0;
        }
        try (var connection = DriverManager.getConnection(databaseUrl(), "sa", "");
                ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM batch_job_instance")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
