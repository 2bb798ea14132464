package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** A weekly reader gets one digest on their weekday, of the best papers of the seven issue dates it ends. */
class WeeklyDigestTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers("""
                subscribers:
                  - email: daily@example.org
                    interests: [attention]
                    format: text
                  - email: weekly@example.org
                    interests: [attention]
                    format: text
                    frequency: weekly
                    weekday: wednesday
                """);
    }

    @Test
    void theWeeklyReaderGetsOneDigestOnTheirWeekdayWithTheWeeksPapersAndNoneTwice() throws Exception {
        send("2025-07-28", "2507.00001", "Attention sinks in language models"); // Monday
        send("2025-07-29", "2507.00002", "Sparse attention heads");
        send("2025-07-30", "2507.00003", "Linear attention at scale");         // Wednesday, the weekly reader's day

        assertThat(messagesTo("daily@example.org")).hasSize(3);
        List<MimeMessage> weekly = messagesTo("weekly@example.org");
        assertThat(weekly).singleElement().satisfies(digest -> {
            assertThat(digest.getSubject()).isEqualTo("3 new papers this week on attention · Jul 30");
            assertThat(Messages.textPart(digest)).contains("3 new papers for you this week, 24 to 30 July 2025,");
            // the latest day's papers first among equals
            assertThat(Messages.titles(digest)).containsExactlyInAnyOrder("Linear attention at scale",
                    "Sparse attention heads", "Attention sinks in language models");
        });
        assertThat(workspace.query("SELECT d.issue_date, d.papers FROM delivery d JOIN subscriber s"
                + " ON s.id = d.subscriber_id WHERE s.email_key = 'weekly@example.org'"))
                .singleElement().satisfies(row -> assertThat(row.get("PAPERS").toString())
                        .contains("2025-07-28:0", "2025-07-29:0", "2025-07-30:0"));

        Cli.Result preview = workspace.run("preview", "--email", "weekly@example.org", "--date", "2025-07-29");
        assertThat(preview.err()).contains("weekly@example.org reads weekly, on wednesdays: send gives them no digest"
                + " on 2025-07-29");

        // A week later the same paper trends again beside a new one: each reader gets only the new one.
        send("2025-08-06", "2507.00003", "Linear attention at scale", "2508.00004", "Attention for graphs");

        assertThat(Messages.titles(messagesTo("weekly@example.org").get(1))).containsExactly("Attention for graphs");
        assertThat(Messages.titles(messagesTo("daily@example.org").get(3))).containsExactly("Attention for graphs");
    }

    /** Sends the issue date with a daily_papers JSON of these papers (id, title, id, title, ...). */
    private void send(String date, String... idsAndTitles) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < idsAndTitles.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("""
                    {"paper": {"id": "%s", "title": "%s", "summary": "A study of attention.", "authors": []}}"""
                    .formatted(idsAndTitles[i], idsAndTitles[i + 1]));
        }
        Path papers = workspace.file(date + ".json", json.append("]").toString());
        Cli.Result sent = workspace.run("send", "--date", date, "--abstracts", papers.toString());
        assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
    }

    private List<MimeMessage> messagesTo(String address) throws Exception {
        return Messages.to(smtp.getReceivedMessages(), address);
    }
}
