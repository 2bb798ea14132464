package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The {@code like:} key: read and checked like the others, kept in subscriber.likes, unknown examples warned of. */
class LikeKeyTest {

    private static final String ADA = """
            subscribers:
              - email: ada@example.org
                interests: [KV cache]
                like: ["2305.13245", "  Attention Is All You Need "]
              - email: bob@example.org
                interests: [diffusion]
            """;

    private static final String NOT_KNOWN = " is not among the papers loaded so far (no such arXiv id or title); it is "
            + "used once such a paper is loaded";

    @TempDir
    Path dir;

    private SyncDatabase db;

    @BeforeEach
    void migrate() {
        db = new SyncDatabase(dir, new SubscribersFile(new BalancedQueryValidator()));
    }

    @AfterEach
    void shutDown() {
        db.shutDown();
    }

    @Test
    void examplesAreReadTrimmedAndDefaultToNone() throws IOException {
        List<SubscriberEntry> entries =
                SubscriberEntries.readAll(new SubscribersFile(new BalancedQueryValidator()), db.write(ADA));
        assertThat(entries).extracting(SubscriberEntry::like)
                .containsExactly(List.of("2305.13245", "Attention Is All You Need"), List.of());
    }

    @Test
    void badExamplesNameTheLineAndTheExample() throws IOException {
        String head = "subscribers:\n  - email: ada@example.org\n    interests: [x]\n";
        assertFails(head + "    like: 2305.13245\n", 4,
                "subscriber #1 (ada@example.org): like must be a list of arXiv ids or titles, "
                        + "not the number 2305.13245");
        assertFails(head + "    like: [a, '  ']\n", 4, "subscriber #1 (ada@example.org): example #2 is blank");
        assertFails(head + "    like: [a, 2305.13245]\n", 4,
                "like must be a list of strings, but example #2 is the number 2305.13245 (put it in quotes)");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("'2401." + (10000 + i) + "'");
        }
        assertFails(head + "    like: [" + String.join(", ", many) + "]\n", 4, "like may list at most 20 papers");
        assertFails(head + "    like: ['" + "a".repeat(301) + "']\n", 4, "example #1 is longer than 300 characters");
    }

    @Test
    void examplesAreStoredAndAChangeOfThemIsAChange() throws IOException {
        db.apply(db.write(ADA));
        SubscriberRepository repository = new SubscriberRepository(db.jdbc);
        assertThat(repository.findByEmail("ada@example.org").orElseThrow().like())
                .containsExactly("2305.13245", "Attention Is All You Need");
        assertThat(repository.findByEmail("bob@example.org").orElseThrow().like()).isEmpty();

        SyncDatabase.Synced again = db.apply(db.write(ADA.replace("\"2305.13245\", ", "")));
        assertThat(again.lines()).containsExactly("~ ada@example.org (like)");
        assertThat(repository.findByEmail("ada@example.org").orElseThrow().like())
                .containsExactly("Attention Is All You Need");
        assertThat(db.apply(db.write(ADA.replace("\"2305.13245\", ", ""))).totals()).contains("unchanged 2");
    }

    @Test
    void anExampleNoPaperHasIsAWarningNamingTheLineNotAnError() throws IOException {
        db.jdbc.sql("""
                INSERT INTO paper (issue_date, position, paper_id, title, summary, authors)
                VALUES (DATE '2025-07-28', 0, '2305.13245', 'GQA: Training Generalized Multi-Query Transformer Models',
                        'An abstract.', '[]'),
                       (DATE '2025-07-28', 1, NULL, 'Attention Is All You Need', 'An abstract.', '[]')""").update();
        List<String> warnings = new ArrayList<>();
        try (SingleConnectionDataSource ds = new SingleConnectionDataSource(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "", true)) {
            UnknownExamples unknown = new UnknownExamples(new JdbcTemplate(ds), "subscribers.yml", warnings::add);
            unknown.check(entry(7, "arXiv:2305.13245v2", "attention is all you need!", "2501.99999"));
            unknown.check(entry(9, "2501.99999", "A paper nobody wrote"));
        }
        assertThat(warnings).containsExactly(
                "paper-digest: warning: subscribers.yml:7: subscriber ada@example.org: example '2501.99999'"
                        + NOT_KNOWN,
                "paper-digest: warning: subscribers.yml:9: subscriber ada@example.org: example 'A paper nobody wrote'"
                        + NOT_KNOWN);
    }

    @Test
    void theSyncPrintsTheWarningOnStderrAndAppliesTheFile() throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        SyncDatabase.Synced synced;
        try {
            synced = db.apply(db.write(ADA));
        } finally {
            System.setErr(err);
        }
        assertThat(synced.totals()).contains("added 2");
        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(l -> l.startsWith("paper-digest: warning: ")
                        && l.endsWith(":2: subscriber ada@example.org: example '2305.13245'" + NOT_KNOWN));
    }

    private static SubscriberEntry entry(int line, String... like) {
        return new SubscriberEntry("ada@example.org", null, List.of("x"), List.of(), 10, Format.HTML, true, null, line,
                List.of(like));
    }

    private void assertFails(String yaml, int line, String fragment) throws IOException {
        Path file = db.write(yaml);
        assertThatThrownBy(() -> SubscriberEntries.readAll(new SubscribersFile(new BalancedQueryValidator()), file))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").contains(fragment));
    }
}
