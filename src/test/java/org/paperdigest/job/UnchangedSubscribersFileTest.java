package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.CountingInterestValidator;
import org.paperdigest.support.Workspace;

/**
 * The daily case: {@code send} and {@code subscribers sync} on the subscribers file the last sync applied hash
 * it, and neither check nor sync parses it. {@link CountingInterestValidator} counts the interests validated,
 * which a parse does for every entry.
 */
class UnchangedSubscribersFileTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String TWO = """
            subscribers:
              - email: ada@example.org
                interests: [KV cache]
              - email: bob@example.org
                interests: [speculative decoding]
            """;

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void syncTheFile() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .with(CountingInterestValidator.SOURCE[0], CountingInterestValidator.SOURCE[1])
                .subscribers(TWO);
        CountingInterestValidator.validationsSinceLastCall();
        Cli.Result sync = workspace.run("subscribers", "sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).endsWith("added 2, changed 0, deactivated 0, unchanged 0\n");
        assertThat(CountingInterestValidator.validationsSinceLastCall()).as("the sync's parse, counted").isEqualTo(2);
    }

    @Test
    void sendOnTheFileLastAppliedParsesItNeitherToCheckItNorToSyncIt() throws Exception {
        List<Map<String, Object>> rows = subscriberRows();
        List<Map<String, Object>> applied = applied();

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).as(send.err()).isZero();
        assertThat(CountingInterestValidator.validationsSinceLastCall()).isZero();
        assertThat(send.out()).contains("subscribers  added 0, changed 0, deactivated 0, unchanged 2");
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            recipients.add(((InternetAddress) message.getAllRecipients()[0]).getAddress());
        }
        assertThat(recipients).containsExactlyInAnyOrder("ada@example.org", "bob@example.org");
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(2);
        assertThat(subscriberRows()).isEqualTo(rows);
        assertThat(applied()).isEqualTo(applied);
    }

    @Test
    void sendOnAnEditedFileReadsItOnceToCheckAndSyncIt() {
        workspace.subscribers(TWO.replace("[speculative decoding]", "[speculative decoding, draft model]"));

        Cli.Result send = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).as(send.err()).isZero();
        // three distinct interests, read once: the sync before the job checks them as it applies them
        assertThat(CountingInterestValidator.validationsSinceLastCall()).isEqualTo(3);
        assertThat(send.out()).contains("subscribers  added 0, changed 1, deactivated 0, unchanged 1");
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(workspace.run("subscribers", "sync").out())
                .isEqualTo("added 0, changed 0, deactivated 0, unchanged 2\n");
        assertThat(CountingInterestValidator.validationsSinceLastCall()).isZero();
    }

    @Test
    void syncAndDryRunOnTheFileLastAppliedSayEveryEntryIsUnchanged() {
        List<Map<String, Object>> applied = applied();

        Cli.Result dryRun = workspace.run("subscribers", "sync", "--dry-run");
        Cli.Result sync = workspace.run("subscribers", "sync");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out())
                .isEqualTo("added 0, changed 0, deactivated 0, unchanged 2\n(dry run: nothing was changed)\n");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 2\n");
        assertThat(CountingInterestValidator.validationsSinceLastCall()).isZero();
        assertThat(applied()).isEqualTo(applied);
    }

    private List<Map<String, Object>> subscriberRows() {
        return workspace.query("SELECT * FROM subscriber ORDER BY id");
    }

    private List<Map<String, Object>> applied() {
        return workspace.query("SELECT * FROM subscribers_file_applied");
    }
}
