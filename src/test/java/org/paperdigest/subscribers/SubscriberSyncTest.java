package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** Syncs against a real, Flyway-migrated H2 file database: no Spring context, no mocks. */
class SubscriberSyncTest {

    private static final String V1 = """
            subscribers:
              - email: ada@example.org
                name: Ada Lovelace
                interests: [speculative decoding, KV cache]
                exclude: [Medusa]
              - email: bob@example.org
                interests: [diffusion]
                max-papers: 5
              - email: carol@example.org
                interests: [RLHF]
                format: text
            """;

    /** ada's interests change, bob is removed, carol stays, dave is new. */
    private static final String V2 = """
            subscribers:
              - email: ada@example.org
                name: Ada Lovelace
                interests: [speculative decoding, paged attention]
                exclude: [Medusa]
              - email: carol@example.org
                interests: [RLHF]
                format: text
              - email: dave@example.org
                interests: [mixture of experts]
            """;

    /** bob is back, spelled differently and with another max-papers. */
    private static final String V3 = V2 + """
              - email: Bob@Example.org
                interests: [diffusion]
                max-papers: 7
            """;

    @TempDir
    Path dir;

    private JdbcClient jdbc;
    private SubscriberSync sync;
    private SubscriberRepository repository;

    @BeforeEach
    void migrate() {
        // DB_CLOSE_DELAY keeps the file open between connections (closed in shutDown), which keeps the tests fast
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        sync = new SubscriberSync(new JdbcTemplate(dataSource), new JdbcTransactionManager(dataSource),
                new SubscribersFile(new BalancedQueryValidator()));
        repository = new SubscriberRepository(jdbc);
    }

    @AfterEach
    void shutDown() {
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void firstSyncAddsEveryone() throws IOException {
        Synced plan = apply(write(V1));

        assertThat(plan.lines()).containsExactly("+ ada@example.org", "+ bob@example.org", "+ carol@example.org");
        assertThat(plan.totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(repository.counts().active()).isEqualTo(3);
        assertThat(repository.counts().inactive()).isZero();

        Subscriber ada = repository.findByEmail(" ADA@example.org ").orElseThrow();
        assertThat(ada).usingRecursiveComparison().ignoringFields("id", "unsubscribeToken").isEqualTo(
                new Subscriber(0, "ada@example.org", "Ada Lovelace", List.of("speculative decoding", "KV cache"),
                        List.of("Medusa"), 10, Format.HTML, true, null));
        Subscriber carol = repository.findByEmail("carol@example.org").orElseThrow();
        assertThat(carol.format()).isEqualTo(Format.TEXT);
        assertThat(carol.name()).isNull();
        assertThat(repository.findByEmail("nobody@example.org")).isEmpty();

        List<String> tokens = jdbc.sql("SELECT unsubscribe_token FROM subscriber").query(String.class).list();
        assertThat(tokens).hasSize(3).doesNotHaveDuplicates()
                .allSatisfy(token -> assertThat(token).matches("[A-Za-z0-9_-]{22}"));
    }

    @Test
    void secondSyncOfTheSameEntriesChangesNothing() throws IOException {
        sync.apply(write(V1));
        List<Map<String, Object>> before = rows();

        // other bytes, so that the entries are read and compared with their rows (see SubscriberSyncSkipTest)
        Synced plan = apply(write("# the same entries\n" + V1));

        assertThat(plan.plan().isEmpty()).isTrue();
        assertThat(plan.lines()).isEmpty();
        assertThat(plan.totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void editsAreAddedChangedDeactivatedAndReactivated() throws IOException {
        sync.apply(write(V1));
        Subscriber adaBefore = repository.findByEmail("ada@example.org").orElseThrow();
        Subscriber bobBefore = repository.findByEmail("bob@example.org").orElseThrow();

        Synced v2 = apply(write(V2));

        assertThat(v2.lines()).containsExactly(
                "+ dave@example.org",
                "~ ada@example.org (interests)",
                "- bob@example.org (deactivated)");
        assertThat(v2.totals()).isEqualTo("added 1, changed 1, deactivated 1, unchanged 1");
        Subscriber ada = repository.findByEmail("ada@example.org").orElseThrow();
        assertThat(ada.interests()).containsExactly("speculative decoding", "paged attention");
        assertThat(ada.id()).isEqualTo(adaBefore.id());
        assertThat(ada.unsubscribeToken()).isEqualTo(adaBefore.unsubscribeToken());
        assertThat(repository.findByEmail("bob@example.org").orElseThrow().active()).isFalse();
        assertThat(repository.counts().active()).isEqualTo(3);
        assertThat(repository.counts().inactive()).isEqualTo(1);

        // an inactive row that stays out of the file is neither deactivated again nor counted (a comment makes
        // the file another one, so that it is read again)
        assertThat(apply(write(V2 + "# again\n")).totals())
                .isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");

        Synced v3 = apply(write(V3));

        assertThat(v3.lines()).containsExactly("~ Bob@Example.org (email, max-papers, active)");
        assertThat(v3.totals()).isEqualTo("added 0, changed 1, deactivated 0, unchanged 3");
        Subscriber bob = repository.findByEmail("bob@example.org").orElseThrow();
        assertThat(bob.id()).isEqualTo(bobBefore.id());
        assertThat(bob.unsubscribeToken()).isEqualTo(bobBefore.unsubscribeToken());
        assertThat(bob.email()).isEqualTo("Bob@Example.org");
        assertThat(bob.maxPapers()).isEqualTo(7);
        assertThat(bob.active()).isTrue();
        assertThat(repository.counts().active()).isEqualTo(4);
        assertThat(repository.counts().inactive()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void anEmptyListDeactivatesEveryoneButDeletesNobody() throws IOException {
        sync.apply(write(V1));

        Synced plan = apply(write("subscribers: []\n"));

        assertThat(plan.lines()).containsExactly("- ada@example.org (deactivated)", "- bob@example.org (deactivated)",
                "- carol@example.org (deactivated)");
        assertThat(plan.totals()).isEqualTo("added 0, changed 0, deactivated 3, unchanged 0");
        assertThat(repository.counts().active()).isZero();
        assertThat(repository.counts().inactive()).isEqualTo(3);
    }

    @Test
    void aBadFileAfterAGoodSyncLeavesTheTableAsItWas() throws IOException {
        sync.apply(write(V1));
        List<Map<String, Object>> before = rows();
        // valid changes first, the error last: nothing of it may be written
        Path bad = write(V2 + "  - email: erin@example.org\n    interests: [x]\n    max-papers: 1000\n");

        assertThatThrownBy(() -> sync.apply(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(bad + ":13: subscriber #4 (erin@example.org): max-papers");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aDatabaseFailureHalfWayRollsBackTheWholeSync() throws IOException {
        sync.apply(write(V1));
        List<Map<String, Object>> before = rows();
        // the change and the deactivation are written before the inserts; the last insert fails
        jdbc.sql("ALTER TABLE subscriber ADD CONSTRAINT test_no_zed CHECK (email_key <> 'zed@example.org')").update();
        Path file = write(V2 + "  - email: zed@example.org\n    interests: [x]\n");

        assertThatThrownBy(() -> sync.apply(file)).isInstanceOf(RuntimeException.class);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void planAloneWritesNothing() throws IOException {
        assertThat(plan(write(V1)).totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(rows()).isEmpty();

        sync.apply(write(V1));
        List<Map<String, Object>> before = rows();

        Synced plan = plan(write(V3));

        assertThat(plan.lines()).containsExactly(
                "+ dave@example.org",
                "~ ada@example.org (interests)",
                "~ Bob@Example.org (email, max-papers)");
        assertThat(plan.totals()).isEqualTo("added 1, changed 2, deactivated 0, unchanged 1");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void addedInactiveSubscribersAreMarkedAsSuch() throws IOException {
        Synced plan = apply(write("""
                subscribers:
                  - email: ada@example.org
                    interests: [x]
                    active: no
                """));

        assertThat(plan.lines()).containsExactly("+ ada@example.org (inactive)");
        assertThat(repository.counts().inactive()).isEqualTo(1);
    }

    /** A sync's totals and the lines it gave. */
    record Synced(SyncPlan plan, List<String> lines) {

        String totals() {
            return plan.totals();
        }
    }

    private Synced apply(Path file) {
        List<String> lines = new ArrayList<>();
        return new Synced(sync.apply(file, lines::add), lines);
    }

    private Synced plan(Path file) {
        List<String> lines = new ArrayList<>();
        return new Synced(sync.plan(file, lines::add), lines);
    }

    private List<Map<String, Object>> rows() {
        return jdbc.sql("SELECT * FROM subscriber ORDER BY id").query().listOfRows();
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "subscribers", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
