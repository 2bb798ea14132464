package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/** A reader with examples, through send: the related papers count against max-papers and are never sent twice. */
class RelatedPapersSendTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String SUBSCRIBERS = """
            subscribers:
              - email: ada@example.org
                interests: [OTOV2]
                like: ["VOCABTRIM: Vocabulary Pruning for Efficient Speculative Decoding in LLMs", "2501.99999"]
                max-papers: 3
              - email: bob@example.org
                interests: [OTOV2]
                max-papers: 3
            """;

    @TempDir
    Path dir;

    @Test
    void relatedPapersFillTheRoomTheInterestsLeaveAndAreNotSentAgainNextDay() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort()).subscribers(SUBSCRIBERS);

        assertThat(workspace.run("send", "--date", "2025-07-29", "--allow-date-mismatch").exitCode()).isZero();
        // the sync of the next day knows the papers of the first: only the id no paper has is warned of
        // (a file byte for byte the one applied is not read again: this one has a comment more)
        workspace.subscribers(SUBSCRIBERS + "# day two\n");
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        Cli.Result second;
        try {
            second = workspace.run("send", "--date", "2025-07-30", "--allow-date-mismatch");
        } finally {
            System.setErr(err);
        }
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(warnings.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("warning:")))
                .singleElement().asString().startsWith("paper-digest: warning: ")
                .endsWith(":2: subscriber ada@example.org: example '2501.99999' is not among the papers loaded so far "
                        + "(no such arXiv id or title); it is used once such a paper is loaded");

        MimeMessage[] messages = smtp.getReceivedMessages();
        List<MimeMessage> ada = List.of(messages).stream().filter(m -> to(m).equals("ada@example.org")).toList();
        assertThat(ada).hasSize(2);
        assertThat(Messages.titles(ada.get(0))).extracting(t -> t.split(":")[0])
                .containsExactly("OTOV2", "Hydra", "Kangaroo");
        assertThat(Messages.textPart(ada.get(0))).contains("\nRelated to papers you follow:\n");
        // the day after (the same papers trend again): what was sent is left out, the next most alike come in
        assertThat(Messages.titles(ada.get(1))).extracting(t -> t.split(":")[0]).containsExactly("DySpec", "FastDraft");
        // a reader without examples is as before: one digest, no section
        List<MimeMessage> bob = List.of(messages).stream().filter(m -> to(m).equals("bob@example.org")).toList();
        assertThat(bob).hasSize(1);
        assertThat(Messages.textPart(bob.get(0))).doesNotContain("Related to papers you follow");
    }

    private static String to(MimeMessage message) {
        try {
            return ((jakarta.mail.internet.InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
