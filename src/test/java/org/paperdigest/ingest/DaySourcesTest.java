package org.paperdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperdigest.ingest.RecordedSources.never;
import static org.paperdigest.ingest.RecordedSources.ok;
import static org.paperdigest.ingest.RecordedSources.recorded;
import static org.paperdigest.ingest.RecordedSources.stalls;
import static org.paperdigest.ingest.RecordedSources.status;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.Workspace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A day read from its sources: recorded answers of the Hugging Face daily_papers API and of arXiv's RSS and
 * Atom feeds, served on 127.0.0.1, and the ways a source fails; a real, Flyway-migrated H2 file database.
 */
class DaySourcesTest {

    static final LocalDate DAY = LocalDate.of(2024, 7, 29);
    static final String HF = "/api/daily_papers?date=2024-07-29";
    static final String RSS = "/rss/cs.CL";
    static final String ATOM = "/api/query?search_query=cat:cs.CL";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String RSS_TYPE = "application/rss+xml; charset=utf-8";

    @TempDir
    Path dir;

    RecordedSources sources;
    JdbcClient jdbc;
    PaperStore store;

    @BeforeEach
    void start() throws IOException {
        sources = new RecordedSources();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        store = new PaperStore(jdbc);
    }

    @AfterEach
    void stop() {
        sources.close();
        jdbc.sql("SHUTDOWN").update();
    }

    DaySources daySources(boolean includeReplacements) {
        // a short read timeout for the source that never answers; no waiting between tries
        SourceProperties settings = new SourceProperties(includeReplacements, Duration.ofSeconds(5),
                Duration.ofMillis(500), 2, Duration.ofMillis(1));
        return new DaySources(new AbstractsReader(DigestSettings.ABSTRACTS_MAX_SIZE),
                new SourceFetcher(settings, 16 << 20), store, settings, null);
    }

    List<Paper> read(String... urls) {
        return daySources(false).read(DAY, List.of(urls), false).papers();
    }

    @Test
    void theDailyPapersApiGivesPapersWithTheirIdsAndEveryLink() {
        String url = sources.serve(HF, recorded(JSON_TYPE, "hf-daily-papers-2024-07-29.json"));

        List<Paper> papers = read(url.replace("2024-07-29", "{date}"));

        assertThat(papers).extracting(Paper::id).containsExactly("2407.18219", "2407.18901");
        Paper first = papers.get(0);
        assertThat(first.title()).isEqualTo("Recursive Introspection: Teaching Language Model Agents How to Self-Improve");
        assertThat(first.authors()).containsExactly("Shengding Hu", "Yuge Tu");
        assertThat(first.upvotes()).isEqualTo(31);
        assertThat(first.link()).isEqualTo("https://huggingface.co/papers/2407.18219");
        assertThat(first.arxivUrl()).isEqualTo("https://arxiv.org/abs/2407.18219");
        assertThat(first.pdfUrl()).isEqualTo("https://arxiv.org/pdf/2407.18219");
        assertThat(first.searchUrl()).isNull();
        assertThat(papers.get(1).codeUrl()).isEqualTo("https://github.com/stonybrooknlp/appworld");
    }

    @Test
    void anArxivRssFeedSkipsReplacementsUnlessAskedFor() {
        String url = sources.serve(RSS, recorded(RSS_TYPE, "arxiv-cs.CL.rss.xml"));

        List<Paper> papers = read(url);

        assertThat(papers).extracting(Paper::id).containsExactly("2407.18219", "2407.18003");
        assertThat(papers.get(0).summary()).startsWith("A central piece in enabling").doesNotContain("Announce Type");
        assertThat(papers.get(0).authors()).containsExactly("Yuxiao Qu", "Tianjun Zhang", "Naman Garg", "Aviral Kumar");
        assertThat(daySources(true).read(DAY, List.of(url), false).papers()).extracting(Paper::id)
                .containsExactly("2407.18219", "2407.18003", "2301.00001");
    }

    @Test
    void anArxivAtomFeedGivesIdsWithoutTheirVersion() {
        String url = sources.serve(ATOM, recorded("application/atom+xml; charset=UTF-8", "arxiv-query.atom.xml"));

        List<Paper> papers = read(url);

        assertThat(papers).extracting(Paper::id).containsExactly("2407.18901", "2407.17999");
        assertThat(papers.get(0).title())
                .isEqualTo("AppWorld: A Controllable World of Apps and People for Benchmarking Interactive Coding Agents");
        assertThat(papers.get(0).summary()).isEqualTo("Autonomous agents that address day-to-day digital tasks should be benchmarked.");
        assertThat(papers.get(0).authors()).containsExactly("Harsh Trivedi", "Tushar Khot");
    }

    @Test
    void severalSourcesAreMergedWithTheSamePaperOnce() {
        String hf = sources.serve(HF, recorded(JSON_TYPE, "hf-daily-papers-2024-07-29.json"));
        String rss = sources.serve(RSS, recorded(RSS_TYPE, "arxiv-cs.CL.rss.xml"));
        String atom = sources.serve(ATOM, recorded("application/atom+xml", "arxiv-query.atom.xml"));

        List<Paper> papers = read(hf, rss, atom);

        // 2407.18219 is in the API and the RSS feed, 2407.18901 in the API and the Atom feed
        assertThat(papers).extracting(Paper::id).containsExactly("2407.18219", "2407.18901", "2407.18003", "2407.17999");
        assertThat(papers).extracting(Paper::position).containsExactly(0, 1, 2, 3);
        assertThat(papers.get(0).upvotes()).isEqualTo(31); // where the first source has it
    }

    @Test
    void aFileAndAUrlMergeByTitleWhenTheFileHasNoIds() {
        String rss = sources.serve(RSS, recorded(RSS_TYPE, "arxiv-cs.CL.rss.xml"));
        int sample = PaperFiles.read(Workspace.SAMPLE_DAY).size();

        List<Paper> papers = read(Workspace.SAMPLE_DAY.toString(), rss);

        assertThat(papers).hasSize(sample + 2);
        Paper fromText = papers.get(0);
        assertThat(fromText.id()).isNull();
        assertThat(fromText.link()).isEqualTo(fromText.searchUrl())
                .startsWith("https://arxiv.org/search/?searchtype=title&query=").doesNotContain(" ");
    }

    @Test
    void aSourceThatAnswers503IsTriedAgain() {
        String url = sources.serve(HF, status(503, "text/plain", "busy"),
                recorded(JSON_TYPE, "hf-daily-papers-2024-07-29.json"));

        assertThat(read(url)).hasSize(2);
        assertThat(sources.requests(HF)).isEqualTo(2);
    }

    @Test
    void aSourceStillDownAfterItsRetriesIsUnavailable() {
        String url = sources.serve(HF, status(503, "text/html", "<html>down</html>"));

        assertThatThrownBy(() -> read(url)).isInstanceOf(SourceUnavailableException.class)
                .hasMessage(url + ": the source is down (HTTP 503, 3 tries); run the command again later");
        assertThat(sources.requests(HF)).isEqualTo(3);
    }

    @Test
    void aSourceThatNeverAnswersTimesOut() {
        String url = sources.serve(HF, never());

        assertThatThrownBy(() -> read(url)).isInstanceOf(SourceUnavailableException.class)
                .hasMessage(url + ": the source is down (no answer in time, 3 tries); run the command again later");
    }

    @Test
    void aSourceThatStallsInTheMiddleOfItsAnswerTimesOut() {
        String url = sources.serve(HF, stalls("application/json", "[{\"paper\": "));

        assertThatThrownBy(() -> read(url)).isInstanceOf(SourceUnavailableException.class)
                .hasMessage(url + ": the source is down (no answer in time, 3 tries); run the command again later");
    }

    @Test
    void aSourceNobodyListensOnIsUnavailable() {
        String url = "http://127.0.0.1:1/api/daily_papers";

        assertThatThrownBy(() -> read(url)).isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith(url + ": the source is down (");
    }

    @Test
    void anHtmlErrorPageIsNotADay() {
        String url = sources.serve(HF, ok("text/html; charset=utf-8",
                "<!DOCTYPE html>\n<html><head><title>Hugging Face – The AI community</title></head><body>Oops</body></html>"));

        assertThatThrownBy(() -> read(url)).isInstanceOf(BadInputException.class)
                .hasMessage(url + ": answered an HTML page (Content-Type text/html; charset=utf-8) titled "
                        + "'Hugging Face – The AI community' instead of a list of papers");
    }

    @Test
    void anEmptyDayIsNotADay() {
        String url = sources.serve(HF, ok(JSON_TYPE, "[]"));
        String emptyFeed = sources.serve(RSS, ok(RSS_TYPE, """
                <?xml version="1.0"?><rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title>
                <link>http://rss.arxiv.org/rss/cs.CL</link><description>none today</description></channel></rss>"""));

        assertThatThrownBy(() -> read(url)).isInstanceOf(BadInputException.class)
                .hasMessage(url + ": answered an empty list: no papers for that date");
        assertThatThrownBy(() -> read(emptyFeed)).isInstanceOf(BadInputException.class)
                .hasMessage(emptyFeed + ": the feed 'cs.CL updates on arXiv.org' lists no paper for the day");
    }

    @Test
    void anotherContentTypeOrA404IsNotADay() {
        String text = sources.serve("/text", ok("text/plain", "Jul 29\n\nA title\n\nAn abstract."));
        String missing = sources.serve("/missing", status(404, "application/json", "{\"error\":\"Not Found\"}"));

        assertThatThrownBy(() -> read(text)).isInstanceOf(BadInputException.class)
                .hasMessage(text + ": answered Content-Type text/plain, not JSON or an RSS or Atom feed: "
                        + "'Jul 29 A title An abstract.'");
        assertThatThrownBy(() -> read(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": answered HTTP 404 (application/json): '{\"error\":\"Not Found\"}'");
        assertThat(sources.requests("/missing")).isEqualTo(1); // a 4xx is not retried
    }

    @Test
    void aDayLoadedFromAUrlIsNeverFetchedAgain() {
        String url = sources.serve(HF, recorded(JSON_TYPE, "hf-daily-papers-2024-07-29.json"));
        DayPapers day = daySources(false).read(DAY, List.of(url), false);
        store.replaceDay(DAY, day);

        sources.serve(HF, status(503, "text/plain", "down now"));
        DayPapers again = daySources(false).read(DAY, List.of(url), false);

        assertThat(again.papers()).isEqualTo(day.papers());
        assertThat(sources.requests(HF)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT url, content_type FROM paper_source WHERE issue_date = ?").param(DAY)
                .query().listOfRows()).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("URL", url).containsEntry("CONTENT_TYPE", JSON_TYPE));
    }
}
