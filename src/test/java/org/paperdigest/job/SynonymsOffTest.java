package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** A subscriber entry with synonyms: false gets only the papers that have their words as written. */
class SynonymsOffTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void synonymsFalseMatchesEachInterestAsWrittenAndNamesItWithoutQuotes() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers("""
                subscribers:
                  - email: expanded@example.org
                    interests: [RL]
                    max-papers: 100
                    format: text
                  - email: literal@example.org
                    interests: [RL]
                    synonyms: false
                    max-papers: 100
                    format: text
                """);

        Cli.Result sent = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
        MimeMessage expanded = Messages.to(smtp.getReceivedMessages(), "expanded@example.org").get(0);
        MimeMessage literal = Messages.to(smtp.getReceivedMessages(), "literal@example.org").get(0);
        List<String> literalTitles = Messages.titles(literal);
        // "RL" as written is in fewer papers than RL or "reinforcement learning"
        assertThat(Messages.titles(expanded)).containsAll(literalTitles).hasSizeGreaterThan(literalTitles.size());
        assertThat(Messages.textPart(literal)).contains("Matched: RL\n").doesNotContain("*reinforcement* *learning*");
        assertThat(literal.getSubject()).matches("\\d+ new papers? on RL · Jul 29");
    }
}
