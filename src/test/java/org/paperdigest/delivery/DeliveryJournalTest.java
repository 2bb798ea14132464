package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.Workspace;

/** What a killed run left in the journal reaches the delivery record before the next run sends anything. */
class DeliveryJournalTest {

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;


    @Test
    void outcomesLeftInTheJournalAreReplayedAndThoseSubscribersAreNotSentAgain() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        Path journal = Files.createDirectories(dir.resolve("db/paper-digest.journal"));
        // As a run killed right after the relay accepted reader02's digest would have left it.
        Files.writeString(journal.resolve("killed-run.log"), String.join("\t", Workspace.SAMPLE_DATE, "2",
                "reader02@example.org", "<digest.2025-07-29.abc@example.org>", "DELIVERED", "1", "1785000000000",
                "250 2.0.0 Ok: queued") + "\n");

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader01@example.org", "reader03@example.org");
        assertThat(workspace.query("SELECT status, message_id FROM delivery WHERE email = 'reader02@example.org'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("STATUS", "DELIVERED")
                        .containsEntry("MESSAGE_ID", "<digest.2025-07-29.abc@example.org>"));
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(3);
        assertThat(journal.resolve("killed-run.log")).doesNotExist();
        // The run's own journal files were emptied chunk by chunk and removed at the end of their step.
        try (var left = Files.list(journal)) {
            assertThat(left).isEmpty();
        }
    }

    private static byte[] recordOf(long id, String email) {
        return new DeliveryOutcome(java.time.LocalDate.parse(Workspace.SAMPLE_DATE), id, email,
                "<digest.2025-07-29." + id + "@example.org>", DeliveryStatus.DELIVERED, "250 2.0.0 Ok: queued", 1,
                java.time.OffsetDateTime.now(), "0," + id).toRecord();
    }

    /** A record as the journal wrote it before it kept the digest's papers: mark J2, one field fewer. */
    private static byte[] paperlessRecordOf(long id, String email) {
        String body = String.join("\t", "J2", Workspace.SAMPLE_DATE, Long.toString(id), email,
                "<digest.2025-07-29." + id + "@example.org>", "DELIVERED", "1", "1785000000000", "250 2.0.0 Ok") + "\t";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (body + String.format("%08x", crc.getValue()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void recordsKeepTheDigestsPapersAndThoseWrittenBeforePapersWereKeptAreReplayedToo() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        journalWith(paperlessRecordOf(1, "reader01@example.org"), recordOf(2, "reader02@example.org"));

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader03@example.org");
        assertThat(workspace.query("SELECT email, papers FROM delivery ORDER BY email"))
                .extracting(row -> row.get("EMAIL") + " " + row.get("PAPERS"))
                .satisfiesExactly(
                        row -> assertThat(row).isEqualTo("reader01@example.org null"),
                        row -> assertThat(row).isEqualTo("reader02@example.org 0,2"),
                        // the digest sent now: its papers' positions in the day's list
                        row -> assertThat(row).matches("reader03@example\\.org \\d+(,\\d+)*"));
    }

    private Path journalWith(byte[]... parts) throws Exception {
        Path journal = Files.createDirectories(dir.resolve("db/paper-digest.journal"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.write(part);
        }
        return Files.write(journal.resolve("killed-run.log"), bytes.toByteArray());
    }

    @Test
    void aTornLastRecordIsDroppedWithAWarningAndTheRecordsBeforeItAreKept() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        byte[] torn = java.util.Arrays.copyOf(recordOf(3, "reader03@example.org"), 30);
        journalWith(recordOf(1, "reader01@example.org"), recordOf(2, "reader02@example.org"), torn);
        var err = captureStderr();

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(err.toString()).contains("warning: dropped the torn last record of").contains("line 3");
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader03@example.org");
    }

    @Test
    void aDamagedRecordInTheMiddleStopsTheRunNamingTheFileAndLine() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        byte[] damaged = recordOf(2, "reader02@example.org");
        damaged[20] ^= 0x01; // one flipped bit
        Path file = journalWith(recordOf(1, "reader01@example.org"), damaged, recordOf(3, "reader03@example.org"));

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .contains("the delivery journal " + file + " is damaged at line 2")
                .contains("checksum").contains("sed -i '2d' " + file);
        assertThat(relay.messages()).isEmpty();
        assertThat(file).exists();
    }

    @Test
    void binaryGarbageInTheMiddleStopsTheRunNamingTheFileAndLine() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(3));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        Path file = journalWith(recordOf(1, "reader01@example.org"), new byte[] {0, (byte) 0xff, 7, '\t', 'J', '\n'},
                recordOf(3, "reader03@example.org"));

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().contains(file + " is damaged at line 2");
        assertThat(relay.messages()).isEmpty();
    }

    @Test
    void aFileThatIsNotAJournalFileIsIgnoredWithAWarning() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(relay.port()).subscribers(Workspace.readers(2));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero();
        journalWith(recordOf(1, "reader01@example.org"));
        Path stray = Files.writeString(dir.resolve("db/paper-digest.journal/notes.txt"), "\u0000\u0001 not mine");
        var err = captureStderr();

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(err.toString()).contains("warning: " + stray + " is not a journal file");
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader02@example.org");
        assertThat(stray).exists();
    }

    /** The journal warns on the process's stderr (the jar's), which the in-process CLI does not capture. */
    private java.io.ByteArrayOutputStream captureStderr() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                err.write(b, off, len);
            }
        }, true));
        restoreStderr = () -> System.setErr(original);
        return err;
    }

    private Runnable restoreStderr = () -> { };

    @org.junit.jupiter.api.AfterEach
    void restore() {
        restoreStderr.run();
    }

    @Test
    void theJournalLivesBesideAnH2FileDatabaseOnly() {
        assertThat(DeliveryJournal.dirFor("jdbc:h2:file:./data/paper-digest;AUTO_SERVER=TRUE"))
                .isEqualTo(Path.of("data/paper-digest.journal").toAbsolutePath());
        assertThat(DeliveryJournal.dirFor("jdbc:h2:/srv/digest/db")).isEqualTo(Path.of("/srv/digest/db.journal"));
        assertThat(DeliveryJournal.dirFor("jdbc:h2:mem:test")).isNull();
        assertThat(DeliveryJournal.dirFor("jdbc:postgresql://db/digest")).isNull();
    }
}
