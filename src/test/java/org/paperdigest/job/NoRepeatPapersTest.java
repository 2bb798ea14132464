package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** The same papers trend three days running: no reader gets one of them twice. */
class NoRepeatPapersTest {

    static final List<String> DAYS = List.of("2025-07-29", "2025-07-30", "2025-07-31");

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers("""
                subscribers:
                  - email: broad@example.org
                    interests: [language models, reasoning]
                    max-papers: 3
                  - email: narrow@example.org
                    interests: [speculative decoding]
                    max-papers: 20
                """);
    }

    @Test
    void aPaperSentInAnEarlierIssueIsLeftOutAndAReaderWithNothingNewGetsNoEmail() throws Exception {
        for (String day : DAYS) {
            Cli.Result sent = workspace.run("send", "--date", day, "--allow-date-mismatch");
            assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
        }

        List<String> broad = titlesTo("broad@example.org");
        assertThat(broad).hasSize(9).doesNotHaveDuplicates();
        // all the papers on speculative decoding fit in the first digest: nothing new for two days
        assertThat(messagesTo("narrow@example.org")).hasSize(1);
        assertThat(titlesTo("narrow@example.org")).isNotEmpty().doesNotHaveDuplicates();
        // The database says the same: one delivery to the narrow reader, the other two days had no new match.
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id"
                + " WHERE s.email_key = 'narrow@example.org'")).isEqualTo(1);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id"
                + " WHERE s.email_key = 'broad@example.org' AND d.papers IS NOT NULL")).isEqualTo(3);
    }

    @Test
    void onlyEarlierIssuesCountSoADayBuiltAgainChoosesWhatItChoseThoughLaterDaysWereSent() throws Exception {
        for (String day : DAYS) {
            assertThat(workspace.run("send", "--date", day, "--allow-date-mismatch").exitCode()).isZero();
        }

        // preview builds the digest as a resume or resend-failed of Jul 30 would, after Jul 31 was sent
        Cli.Result preview = workspace.run("preview", "--email", "broad@example.org", "--date", DAYS.get(1));

        assertThat(preview.exitCode()).as(preview.err()).isZero();
        List<String> sentOnTheDay = Messages.titles(messagesTo("broad@example.org").get(1));
        MimeMessage previewed = new MimeMessage((Session) null,
                new ByteArrayInputStream(preview.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(Messages.titles(previewed)).hasSize(3).isEqualTo(sentOnTheDay);
    }

    @Test
    void repeatPapersTrueSendsTheSamePapersAgain() throws Exception {
        workspace.with("digest.repeat-papers", "true");
        for (String day : DAYS) {
            assertThat(workspace.run("send", "--date", day, "--allow-date-mismatch").exitCode()).isZero();
        }

        assertThat(messagesTo("narrow@example.org")).hasSize(3);
        assertThat(titlesTo("broad@example.org")).hasSize(9).containsOnly(
                Messages.titles(messagesTo("broad@example.org").get(0)).toArray(String[]::new));
    }

    private List<MimeMessage> messagesTo(String address) throws Exception {
        return Messages.to(smtp.getReceivedMessages(), address);
    }

    private List<String> titlesTo(String address) throws Exception {
        List<String> titles = new ArrayList<>();
        for (MimeMessage message : messagesTo(address)) {
            titles.addAll(Messages.titles(message));
        }
        return titles;
    }
}
