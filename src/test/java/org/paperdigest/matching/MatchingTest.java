package org.paperdigest.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.ingest.DayPapers;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The day's matcher, built ahead of the send step or in it, against a real, Flyway-migrated H2 file database. */
class MatchingTest {

    static final LocalDate DAY = LocalDate.of(2025, 7, 29);
    static final Paper SPECULATIVE = new Paper(0, null, "Speculative Decoding with a Shared KV Cache",
            "The draft model reads the target model's KV cache.", List.of("Ada"), 12, null);
    static final Paper DIFFUSION = new Paper(0, null, "Video Diffusion at Scale",
            "A diffusion model for long videos.", List.of("Bob"), null, null);

    @TempDir
    Path dir;

    JdbcClient jdbc;
    PaperStore papers;
    Matching matching;

    @BeforeEach
    void migrate() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        papers = new PaperStore(jdbc);
        matching = new Matching(papers, new InterestQueries(new MatchingProperties("none")));
    }

    @AfterEach
    void shutDown() {
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void theMatcherIsOfThePapersTheDatabaseHoldsWhateverWasPreparedAhead() {
        load(DIFFUSION);
        matching.prepare(DAY, List.of(SPECULATIVE)).join();

        DayMatcher day = matching.forDay(DAY);

        assertThat(titles(day, "diffusion")).containsExactly(DIFFUSION.title());
        assertThat(titles(day, "speculative decoding")).isEmpty();
    }

    @Test
    void aMatcherPreparedOfThePapersThenLoadedIsTheOneTheSendStepGets() {
        DayMatcher prepared = matching.prepare(DAY, List.of(SPECULATIVE)).join();
        load(SPECULATIVE); // as the send loads them, after the sync

        DayMatcher day = matching.forDay(DAY);

        assertThat(day).isSameAs(prepared);
        assertThat(titles(day, "speculative decoding")).containsExactly(SPECULATIVE.title());
        assertThat(matching.forDay(DAY)).as("handed to one run only").isNotSameAs(day);
        load(DIFFUSION); // a day loaded again with other papers gets another
        assertThat(titles(matching.forDay(DAY), "diffusion")).containsExactly(DIFFUSION.title());
    }

    @Test
    void aResumedRunPreparesTheMatcherOfThePapersLoadedBefore() {
        load(SPECULATIVE);
        matching.prepare(DAY, null).join();

        assertThat(titles(matching.forDay(DAY), "KV cache")).containsExactly(SPECULATIVE.title());
    }

    /** Loads the day with this one paper (and no fetched documents). */
    void load(Paper paper) {
        papers.replaceDay(DAY, new DayPapers(List.of(paper), List.of()));
    }

    static List<String> titles(DayMatcher day, String... interests) {
        return day.select(List.of(interests), List.of(), 10, null).stream().map(m -> m.paper().title()).toList();
    }
}
