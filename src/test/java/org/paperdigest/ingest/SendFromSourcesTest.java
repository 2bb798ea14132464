package org.paperdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperdigest.ingest.RecordedSources.ok;
import static org.paperdigest.ingest.RecordedSources.recorded;
import static org.paperdigest.ingest.RecordedSources.status;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** {@code send} with the day's papers at URLs: what reaches the SMTP server, the exit codes, no second fetch. */
class SendFromSourcesTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String HF = "/api/daily_papers?date=" + Workspace.SAMPLE_DATE;
    static final String RSS = "/rss/cs.CL";

    @TempDir
    Path dir;

    RecordedSources sources;
    Workspace workspace;

    @BeforeEach
    void start() throws Exception {
        sources = new RecordedSources();
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .with("digest.source.retries", "1").with("digest.source.backoff-initial", "1ms")
                .subscribers("""
                        subscribers:
                          - email: ada@example.org
                            interests: [introspection, KV cache]
                        """);
    }

    @AfterEach
    void stop() {
        sources.close();
    }

    @Test
    void aDayFromTwoSourcesIsSentWithEveryTitleLinkedAndNotFetchedAgain() throws Exception {
        String hf = sources.serve(HF, recorded("application/json", "hf-daily-papers-2024-07-29.json"))
                .replace(Workspace.SAMPLE_DATE, "{date}");
        String rss = sources.serve(RSS, recorded("application/rss+xml", "arxiv-cs.CL.rss.xml"));

        Cli.Result sent = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", hf, "--abstracts", rss);
        Cli.Result again = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", hf, "--abstracts", rss);

        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(again.exitCode()).as(again.err()).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        String html = Messages.htmlPart(received[0]);
        assertThat(html).contains("<a href=\"https://huggingface.co/papers/2407.18219\"",
                "<a href=\"https://huggingface.co/papers/2407.18003\"", "href=\"https://arxiv.org/pdf/2407.18003\"");
        assertThat(Messages.textPart(received[0])).contains("   PDF:   https://arxiv.org/pdf/2407.18219");
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isEqualTo(3); // 2407.18219 is in both
        assertThat(workspace.count("SELECT COUNT(*) FROM paper_source")).isEqualTo(2);
        assertThat(sources.requests(HF)).isEqualTo(1);
        assertThat(sources.requests(RSS)).isEqualTo(1);
    }

    @Test
    void aResumedRunReadsTheDayFromTheDatabaseEvenWithTheSourceDown() {
        String rss = sources.serve(RSS, recorded("application/rss+xml", "arxiv-cs.CL.rss.xml"),
                status(503, "text/plain", "down"));
        // nothing listens on port 1: every delivery fails at once, and the failure budget stops the run
        workspace.with("spring.mail.port", "1").with("digest.delivery.max-attempts", "1")
                .subscribers(Workspace.readers(12));

        Cli.Result failed = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", rss);
        workspace.withSmtp(smtp.getSmtp().getPort());
        Cli.Result resumed = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", rss);

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resumed the earlier run");
        assertThat(sources.requests(RSS)).isEqualTo(1);
    }

    @Test
    void aSourceThatIsDownIsExit1AndOneLine() {
        String url = sources.serve(HF, status(503, "text/plain", "down"));

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly(
                "paper-digest: " + url + ": the source is down (HTTP 503, 2 tries); run the command again later");
        assertNothingHappened();
    }

    @Test
    void anAnswerThatIsNotADayIsExit2AndOneLine() {
        String url = sources.serve(HF, ok("application/json", "[]"));

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE, "--abstracts", url);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                "paper-digest: " + url + ": answered an empty list: no papers for that date");
        assertNothingHappened();
    }

    private void assertNothingHappened() {
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_instance")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM paper_source")).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
