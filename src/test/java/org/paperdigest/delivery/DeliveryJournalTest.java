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

    @Test
    void theJournalLivesBesideAnH2FileDatabaseOnly() {
        assertThat(DeliveryJournal.dirFor("jdbc:h2:file:./data/paper-digest;AUTO_SERVER=TRUE"))
                .isEqualTo(Path.of("./data/paper-digest.journal"));
        assertThat(DeliveryJournal.dirFor("jdbc:h2:/srv/digest/db")).isEqualTo(Path.of("/srv/digest/db.journal"));
        assertThat(DeliveryJournal.dirFor("jdbc:h2:mem:test")).isNull();
        assertThat(DeliveryJournal.dirFor("jdbc:postgresql://db/digest")).isNull();
    }
}
