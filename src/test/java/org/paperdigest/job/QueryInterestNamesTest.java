package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** A reader who writes an interest as a query reads it, in the subject and under each paper, without the syntax. */
class QueryInterestNamesTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void aQueryInterestIsNamedByItsWordsWithoutOperatorsOrNotClauses() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .subscribers("subscribers:\n  - email: alan@example.org\n    format: text\n    max-papers: 3\n"
                        + "    interests: [\"reinforcement learning AND reasoning NOT \\\"survey\\\"\"]\n");

        var result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("3 new papers on reinforcement learning and reasoning · Jul 29");
        String text = Messages.textPart(received[0]);
        String footer = "You get Paper Digest because you follow: ";
        assertThat(text.substring(0, text.indexOf(footer))).contains("Matched: reinforcement learning and reasoning")
                .doesNotContain(" AND ", "NOT", "survey");
        // the footer quotes the reader's setting as written, for them to check
        assertThat(text).contains(footer + "reinforcement learning AND reasoning NOT \"survey\".");
    }
}
