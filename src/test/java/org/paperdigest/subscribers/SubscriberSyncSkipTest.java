package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sync of the file the last sync applied reads its bytes but does not parse them, and writes nothing. A parse
 * checks every interest of every entry (each entry has at least one), so a validator that counts its calls
 * tells whether the file was parsed: zero calls, no parse.
 */
class SubscriberSyncSkipTest {

    private static final String V1 = """
            subscribers:
              - email: ada@example.org
                name: Ada Lovelace
                interests: [speculative decoding, KV cache]
              - email: bob@example.org
                interests: [diffusion]
                max-papers: 5
              - email: carol@example.org
                interests: [RLHF]
                format: text
            """;

    /** V1 with one entry edited. */
    private static final String V1_EDITED = V1.replace("max-papers: 5", "max-papers: 6");

    @TempDir
    Path dir;

    private final AtomicInteger validations = new AtomicInteger();
    /** Run at the first validation of a parse, once: to change the file while it is read. */
    private Runnable onFirstValidation;
    private SyncDatabase db;
    private JdbcClient jdbc;
    private SubscribersFile subscribersFile;
    private SubscriberSync sync;

    @BeforeEach
    void migrate() {
        InterestValidator balanced = new BalancedQueryValidator();
        subscribersFile = new SubscribersFile(interest -> {
            if (validations.getAndIncrement() == 0 && onFirstValidation != null) {
                onFirstValidation.run();
            }
            balanced.validate(interest);
        });
        db = new SyncDatabase(dir, subscribersFile);
        jdbc = db.jdbc;
        sync = db.sync;
    }

    @AfterEach
    void shutDown() {
        db.shutDown();
    }

    @Test
    void theFileLastAppliedIsNotParsedAgainAndNothingIsWritten() throws IOException {
        Path file = db.write(V1);
        assertThat(db.apply(file).totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(validations.get()).as("a sync parses the file").isPositive();
        List<Map<String, Object>> rows = db.rows();
        Map<String, Object> applied = applied();
        assertThat(applied).containsEntry("FINGERPRINT", subscribersFile.fingerprint(file))
                .containsEntry("ENTRIES", 3L);

        validations.set(0);
        List<String> lines = new ArrayList<>();
        SyncPlan again = sync.apply(file, lines::add);
        // the same bytes under another name are the same file
        SyncPlan copy = sync.apply(db.write(V1));

        assertThat(validations.get()).as("validations of an interest, so entries parsed").isZero();
        assertThat(again).isEqualTo(new SyncPlan(0, 0, 0, 3));
        assertThat(again.totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(copy).isEqualTo(again);
        assertThat(lines).isEmpty();
        assertThat(db.rows()).as("rows, updated_at included").isEqualTo(rows);
        assertThat(applied()).as("applied_at included").isEqualTo(applied);
    }

    @Test
    void aFileWithAnEditedEntryIsSyncedAndReplacesTheFingerprint() throws IOException {
        Path file = db.write(V1);
        sync.apply(file);
        String first = subscribersFile.fingerprint(file);
        Files.writeString(file, V1_EDITED);
        validations.set(0);

        SyncDatabase.Synced edited = db.apply(file);

        assertThat(validations.get()).isPositive();
        assertThat(edited.lines()).containsExactly("~ bob@example.org (max-papers)");
        assertThat(edited.totals()).isEqualTo("added 0, changed 1, deactivated 0, unchanged 2");
        String second = subscribersFile.fingerprint(file);
        assertThat(second).isNotEqualTo(first);
        assertThat(applied()).containsEntry("FINGERPRINT", second).containsEntry("ENTRIES", 3L);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscribers_file_applied").query(Long.class).single()).isOne();

        validations.set(0);
        assertThat(db.apply(file).totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(validations.get()).isZero();
        // and the first version is a file to apply again, not one applied already
        assertThat(db.apply(db.write(V1)).lines()).containsExactly("~ bob@example.org (max-papers)");
    }

    @Test
    void aBadFileAfterAGoodOneLeavesTheRowsAndTheFingerprintAsTheyWere() throws IOException {
        Path file = db.write(V1);
        sync.apply(file);
        List<Map<String, Object>> rows = db.rows();
        Map<String, Object> applied = applied();
        // a valid change first, the problem last
        Files.writeString(file, V1_EDITED + "  - email: erin@example.org\n    interests: [x]\n    max-papers: 1000\n");

        assertThatThrownBy(() -> sync.apply(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":13: subscriber #4 (erin@example.org): max-papers");
        assertThat(db.rows()).isEqualTo(rows);
        assertThat(applied()).isEqualTo(applied);
        // a failure again, not a file taken for applied
        assertThatThrownBy(() -> sync.apply(file)).isInstanceOf(BadInputException.class);

        Files.writeString(file, V1);
        validations.set(0);
        assertThat(db.apply(file).totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(validations.get()).isZero();
    }

    @Test
    void aDatabaseFailureLeavesTheFingerprintAsItWas() throws IOException {
        sync.apply(db.write(V1));
        Map<String, Object> applied = applied();
        jdbc.sql("ALTER TABLE subscriber ADD CONSTRAINT test_no_zed CHECK (email_key <> 'zed@example.org')").update();
        Path file = db.write(V1 + "  - email: zed@example.org\n    interests: [x]\n");

        assertThatThrownBy(() -> sync.apply(file)).isInstanceOf(RuntimeException.class);

        assertThat(applied()).isEqualTo(applied);
    }

    @Test
    void theFingerprintNamesTheVersionsThatReadTheFileAndAnotherVersionSyncsAgain() throws IOException {
        Path file = db.write(V1);
        sync.apply(file);
        String fingerprint = subscribersFile.fingerprint(file);
        // classes run from target/classes have no manifest version
        assertThat(fingerprint).matches("sha256:[0-9a-f]{64} paper-digest:dev rules:" + SubscribersFile.RULES);

        // as left by an older jar, then by older rules
        for (String older : List.of(fingerprint.replace("paper-digest:dev", "paper-digest:0.0.9"),
                fingerprint.replace("rules:" + SubscribersFile.RULES, "rules:" + (SubscribersFile.RULES - 1)))) {
            jdbc.sql("UPDATE subscribers_file_applied SET fingerprint = ?").param(older).update();
            validations.set(0);

            assertThat(db.apply(file).totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");

            assertThat(validations.get()).as(older).isPositive();
            assertThat(applied()).containsEntry("FINGERPRINT", fingerprint);
        }
    }

    @Test
    void aDryRunOfTheFileLastAppliedSaysEveryEntryIsUnchangedAndADryRunRecordsNothing() throws IOException {
        Path file = db.write(V1);
        // nothing applied yet: the dry run reads the file, and does not record it
        assertThat(db.plan(file).totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscribers_file_applied").query(Long.class).single()).isZero();
        sync.apply(file);
        validations.set(0);

        SyncDatabase.Synced unchanged = db.plan(file);

        assertThat(validations.get()).isZero();
        assertThat(unchanged.lines()).isEmpty();
        assertThat(unchanged.totals()).isEqualTo("added 0, changed 0, deactivated 0, unchanged 3");

        Map<String, Object> applied = applied();
        Files.writeString(file, V1_EDITED);
        assertThat(db.plan(file).lines()).containsExactly("~ bob@example.org (max-papers)");
        assertThat(applied()).isEqualTo(applied);
        assertThat(db.apply(file).lines()).containsExactly("~ bob@example.org (max-papers)");
    }

    @Test
    void aFileReplacedWhileTheSyncReadsItIsRecordedAsTheContentThatWasApplied() throws IOException {
        Path file = db.write(V1);
        Path copyOfV1 = db.write(V1);
        // replaced as editors and git do, by a rename: the sync reads on in the content it opened
        onFirstValidation = () -> {
            try {
                Files.move(db.write(V1_EDITED), file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        assertThat(db.apply(file).totals()).isEqualTo("added 3, changed 0, deactivated 0, unchanged 0");

        onFirstValidation = null;
        assertThat(Files.readString(file)).isEqualTo(V1_EDITED);
        assertThat(applied()).containsEntry("FINGERPRINT", subscribersFile.fingerprint(copyOfV1));
        assertThat(db.apply(file).lines()).containsExactly("~ bob@example.org (max-papers)");
    }

    private Map<String, Object> applied() {
        return jdbc.sql("SELECT fingerprint, entries, applied_at FROM subscribers_file_applied").query().singleRow();
    }
}
