package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.simple.JdbcClient;

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

    private SyncDatabase db;
    private JdbcClient jdbc;
    private SubscriberSync sync;
    private SubscriberRepository repository;

    @BeforeEach
    void migrate() {
        db = new SyncDatabase(dir, new SubscribersFile(new BalancedQueryValidator()));
        jdbc = db.jdbc;
        sync = db.sync;
        repository = new SubscriberRepository(jdbc);
    }

    @AfterEach
    void shutDown() {
        db.shutDown();
    }

    @Test
    void firstSyncAddsEveryone() throws IOException {
        SyncDatabase.Synced plan = db.apply(db.write(V1));

        assertThat(plan.lines()).containsExactly("+ ada@example.org", "+ bob@example.org", "+ carol@example.org");
        assertThat(plan.totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(repository.counts().active()).isEqualTo(3);
        assertThat(repository.counts().inactive()).isZero();

        Subscriber ada = repository.findByEmail(" ADA@example.org ").orElseThrow();
        assertThat(ada).usingRecursiveComparison().ignoringFields("id").isEqualTo(
                new Subscriber(0, "ada@example.org", "Ada Lovelace", List.of("speculative decoding", "KV cache"),
                        List.of("Medusa"), 10, Format.HTML, true, null, List.of()));
        Subscriber carol = repository.findByEmail("carol@example.org").orElseThrow();
        assertThat(carol.format()).isEqualTo(Format.TEXT);
        assertThat(carol.name()).isNull();
        assertThat(repository.findByEmail("nobody@example.org")).isEmpty();
    }

    @Test
    void secondSyncOfTheSameEntriesChangesNothing() throws IOException {
        sync.apply(db.write(V1));
        List<Map<String, Object>> before = db.rows();

        // other bytes, so that the entries are read and compared with their rows (see SubscriberSyncSkipTest)
        SyncDatabase.Synced plan = db.apply(db.write("# the same entries\n" + V1));

        assertThat(plan.plan()).isEqualTo(new SyncPlan(0, 0, 0, 3));
        assertThat(plan.lines()).isEmpty();
        assertThat(plan.totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void editsAreAddedChangedDeactivatedAndReactivated() throws IOException {
        sync.apply(db.write(V1));
        Subscriber adaBefore = repository.findByEmail("ada@example.org").orElseThrow();
        Subscriber bobBefore = repository.findByEmail("bob@example.org").orElseThrow();

        SyncDatabase.Synced v2 = db.apply(db.write(V2));

        assertThat(v2.lines()).containsExactly(
                "+ dave@example.org",
                "~ ada@example.org (interests)",
                "- bob@example.org (deactivated)");
        assertThat(v2.totals()).isEqualTo("added 1, changed 1, deactivated 1, unchanged 1");
        Subscriber ada = repository.findByEmail("ada@example.org").orElseThrow();
        assertThat(ada.interests()).containsExactly("speculative decoding", "paged attention");
        assertThat(ada.id()).isEqualTo(adaBefore.id());
        assertThat(repository.findByEmail("bob@example.org").orElseThrow().active()).isFalse();
        assertThat(repository.counts().active()).isEqualTo(3);
        assertThat(repository.counts().inactive()).isEqualTo(1);

        // an inactive row that stays out of the file is neither deactivated again nor counted (a comment makes
        // the file another one, so that it is read again)
        assertThat(db.apply(db.write(V2 + "# again\n")).totals())
                .isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");

        SyncDatabase.Synced v3 = db.apply(db.write(V3));

        assertThat(v3.lines()).containsExactly("~ Bob@Example.org (email, max-papers, active)");
        assertThat(v3.totals()).isEqualTo("added 0, changed 1, deactivated 0, unchanged 3");
        Subscriber bob = repository.findByEmail("bob@example.org").orElseThrow();
        assertThat(bob.id()).isEqualTo(bobBefore.id());
        assertThat(bob.email()).isEqualTo("Bob@Example.org");
        assertThat(bob.maxPapers()).isEqualTo(7);
        assertThat(bob.active()).isTrue();
        assertThat(repository.counts().active()).isEqualTo(4);
        assertThat(repository.counts().inactive()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void anEmptyListDeactivatesEveryoneButDeletesNobody() throws IOException {
        sync.apply(db.write(V1));

        SyncDatabase.Synced plan = db.apply(db.write("subscribers: []\n"));

        assertThat(plan.lines()).containsExactly("- ada@example.org (deactivated)", "- bob@example.org (deactivated)",
                "- carol@example.org (deactivated)");
        assertThat(plan.totals()).isEqualTo("added 0, changed 0, deactivated 3, unchanged 0");
        assertThat(repository.counts().active()).isZero();
        assertThat(repository.counts().inactive()).isEqualTo(3);
    }

    @Test
    void aBadFileAfterAGoodSyncLeavesTheTableAsItWas() throws IOException {
        sync.apply(db.write(V1));
        List<Map<String, Object>> before = db.rows();
        // valid changes first, the error last: nothing of it may be written
        Path bad = db.write(V2 + "  - email: erin@example.org\n    interests: [x]\n    max-papers: 1000\n");

        assertThatThrownBy(() -> sync.apply(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(bad + ":13: subscriber #4 (erin@example.org): max-papers");
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void aDatabaseFailureHalfWayRollsBackTheWholeSync() throws IOException {
        sync.apply(db.write(V1));
        List<Map<String, Object>> before = db.rows();
        // the change and the deactivation are written before the inserts; the last insert fails
        jdbc.sql("ALTER TABLE subscriber ADD CONSTRAINT test_no_zed CHECK (email_key <> 'zed@example.org')").update();
        Path file = db.write(V2 + "  - email: zed@example.org\n    interests: [x]\n");

        assertThatThrownBy(() -> sync.apply(file)).isInstanceOf(RuntimeException.class);
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void planAloneWritesNothing() throws IOException {
        assertThat(db.plan(db.write(V1)).totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(db.rows()).isEmpty();

        sync.apply(db.write(V1));
        List<Map<String, Object>> before = db.rows();

        SyncDatabase.Synced plan = db.plan(db.write(V3));

        assertThat(plan.lines()).containsExactly(
                "+ dave@example.org",
                "~ ada@example.org (interests)",
                "~ Bob@Example.org (email, max-papers)");
        assertThat(plan.totals()).isEqualTo("added 1, changed 2, deactivated 0, unchanged 1");
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void addedInactiveSubscribersAreMarkedAsSuch() throws IOException {
        SyncDatabase.Synced plan = db.apply(db.write("""
                subscribers:
                  - email: ada@example.org
                    interests: [x]
                    active: false
                """));

        assertThat(plan.lines()).containsExactly("+ ada@example.org (inactive)");
        assertThat(repository.counts().inactive()).isEqualTo(1);
    }

    @Test
    void theCountsAfterEachSyncAreThoseOfTheRows() throws IOException {
        String inactiveCarol = V3.replace("format: text", "format: text\n    active: false");
        for (String version : List.of(V1, V2, V3, inactiveCarol, "subscribers: []\n", V1)) {
            sync.apply(db.write(version));

            assertThat(repository.counts()).as(version).isEqualTo(countedRowByRow());
        }
        // a database that no sync recorded a file for yet counts row by row
        jdbc.sql("DELETE FROM subscribers_file_applied").update();
        assertThat(repository.counts()).isEqualTo(countedRowByRow()).isEqualTo(new SubscriberRepository.Counts(3, 1));
    }

    private SubscriberRepository.Counts countedRowByRow() {
        return new SubscriberRepository.Counts(
                jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE active").query(Long.class).single(),
                jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE NOT active").query(Long.class).single());
    }
}
