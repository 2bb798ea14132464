package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Syncs of files of many batches ({@link SubscriberTable#BATCH_SIZE} entries a batch) against a real H2 file
 * database: all or nothing whatever the entry a problem is in, and the right changes and counts.
 */
class SubscriberSyncAtScaleTest {

    static final int N = 10_000;
    /** For the test that syncs the most often. */
    static final int M = 5_000;

    @TempDir
    Path dir;

    private SyncDatabase db;
    private JdbcClient jdbc;
    private SubscriberSync sync;

    @BeforeEach
    void migrate() {
        db = new SyncDatabase(dir, new SubscribersFile(new BalancedQueryValidator()));
        jdbc = db.jdbc;
        sync = db.sync;
    }

    @AfterEach
    void shutDown() {
        db.shutDown();
    }

    @Test
    void aBadLastEntryLeavesTheTableAsItWasAfterEverythingBeforeItWasApplied() throws IOException {
        sync.apply(db.write(file(N, SubscriberSyncAtScaleTest::entry)));
        List<Map<String, Object>> before = db.rows();
        // every entry changed, a new one for every tenth, and a bad one at the very end
        String changed = file(N, i -> entry(i).replace("max-papers: 10", "max-papers: 11")
                + (i % 10 == 0 ? entry(N + i) : ""));
        Path bad = db.write(changed + "  - email: last@example.org\n    interests: [x]\n    max-papers: 1000\n");
        int lastLine = 2 + 4 * (N + N / 10);

        assertThatThrownBy(() -> sync.apply(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessage(bad + ":" + (lastLine + 2) + ": subscriber #" + (N + N / 10 + 1)
                        + " (last@example.org): max-papers must be an integer from 1 to 100, not 1000");
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void aChangedFileAddsChangesDeactivatesAndCountsAtScale() throws IOException {
        List<String> firstLines = new ArrayList<>();
        SyncPlan first = sync.apply(db.write(file(M, SubscriberSyncAtScaleTest::entry)), firstLines::add);
        assertThat(first.totals()).isEqualTo("added " + M + ", changed 0, deactivated 0, unchanged 0");
        assertThat(firstLines).hasSize(M).startsWith("+ user000001@example.org").endsWith("+ " + email(M));
        assertThat(ids()).as("ids follow the file").isSortedAccordingTo(Comparator.naturalOrder());
        Map<String, Map<String, Object>> before = rowsByKey();

        // every 10th removed, every 7th (of those left) with another max-papers, every 13th spelled in capitals,
        // and a new subscriber after every 25th, inactive when it is a 50th
        Path edited = db.write(file(M, i -> (i % 10 == 0 ? "" : edit(i))
                + (i % 25 == 0 ? entry(M + i) + (i % 50 == 0 ? "    active: false\n" : "") : "")));
        List<Integer> kept = IntStream.rangeClosed(1, M).filter(i -> i % 10 != 0).boxed().toList();
        long changes = kept.stream().filter(i -> i % 7 == 0 || i % 13 == 0).count();
        long additions = M / 25;
        List<String> dryRun = new ArrayList<>();

        SyncPlan planned = sync.plan(edited, dryRun::add);

        String totals = "added " + additions + ", changed " + changes + ", deactivated " + M / 10 + ", unchanged "
                + (kept.size() - changes);
        assertThat(planned.totals()).isEqualTo(totals);
        assertThat(rowsByKey()).isEqualTo(before);

        List<String> lines = new ArrayList<>();
        SyncPlan applied = sync.apply(edited, lines::add);

        assertThat(applied).isEqualTo(planned);
        assertThat(lines).isEqualTo(dryRun);
        // additions in file order, then changes in file order, then deactivations by address
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, M).filter(i -> i % 25 == 0)
                .forEach(i -> expected.add("+ " + email(M + i) + (i % 50 == 0 ? " (inactive)" : "")));
        kept.stream().filter(i -> i % 7 == 0 || i % 13 == 0).forEach(i -> expected.add("~ " + editedEmail(i) + " ("
                + String.join(", ", changedFields(i)) + ")"));
        IntStream.rangeClosed(1, M).filter(i -> i % 10 == 0).forEach(i -> expected.add("- " + email(i)
                + " (deactivated)"));
        assertThat(lines).isEqualTo(expected);

        Map<String, Map<String, Object>> after = rowsByKey();
        assertThat(after).hasSize(M + (int) additions);
        for (int i = 1; i <= M; i++) {
            Map<String, Object> was = before.get(email(i));
            Map<String, Object> now = after.get(email(i));
            assertThat(now.get("ID")).isEqualTo(was.get("ID"));
            assertThat(now.get("ACTIVE")).isEqualTo(i % 10 != 0);
            assertThat(now.get("EMAIL")).isEqualTo(i % 10 == 0 ? email(i) : editedEmail(i));
            assertThat(now.get("MAX_PAPERS")).isEqualTo(i % 10 != 0 && i % 7 == 0 ? 12 : 10);
            boolean untouched = i % 10 != 0 && i % 7 != 0 && i % 13 != 0;
            assertThat(now.get("UPDATED_AT").equals(was.get("UPDATED_AT"))).as(email(i)).isEqualTo(untouched);
        }
        assertThat(after.get(email(M + 50)).get("ACTIVE")).isEqualTo(false);
        assertThat(after.get(email(M + 25)).get("ACTIVE")).isEqualTo(true);

        // the same entries in other bytes, so that they are read and compared with their rows again
        Path same = db.write(Files.readString(edited) + "# again\n");
        List<String> again = new ArrayList<>();
        assertThat(sync.apply(same, again::add).totals())
                .isEqualTo("added 0, changed 0, deactivated 0, unchanged " + (kept.size() + additions));
        assertThat(again).isEmpty();
    }

    @Test
    void aDuplicateInALaterBatchNamesBothLinesWhetherTheAddressIsNewOrNot() throws IOException {
        // new addresses: the first one was added by an earlier batch of the same sync
        Path fresh = db.write(file(3_000, i -> entry(i == 2_500 ? 10 : i)));
        assertDuplicate(fresh, 2_500, 10, email(10));
        assertThat(db.rows()).isEmpty();

        sync.apply(db.write(file(3_000, SubscriberSyncAtScaleTest::entry)));
        List<Map<String, Object>> before = db.rows();
        // an existing address, spelled differently the second time
        Path existing = db.write(file(3_000, i -> i == 2_500 ? entry(10).replace(email(10), "User000010@Example.org")
                : entry(i)));
        assertDuplicate(existing, 2_500, 10, "User000010@Example.org");
        assertThat(db.rows()).isEqualTo(before);
    }

    @Test
    void aDuplicateIsReportedBeforeAnyProblemFurtherDown() throws IOException {
        // the problem further down is read before the batch with the duplicate is applied
        Path laterProblem = db.write(file(3_000, i -> i == 2_500 ? entry(10)
                : i == 2_600 ? entry(i).replace("max-papers: 10", "max-papers: many") : entry(i)));
        assertDuplicate(laterProblem, 2_500, 10, email(10));

        // the problem is in the same entry: the entry is checked as a whole before it is compared with others
        Path sameEntry = db.write(file(3_000, i -> i == 2_500 ? entry(10).replace("max-papers: 10", "max-papers: 0")
                : entry(i)));
        assertThatThrownBy(() -> sync.apply(sameEntry)).hasMessageContaining("subscriber #2500 (" + email(10)
                + "): max-papers must be an integer from 1 to 100, not 0");
        assertThat(db.rows()).isEmpty();

        // a problem before the address is the entry's first
        Path keyFirst = db.write(file(3_000, i -> i == 2_500
                ? "  - intrests: [x]\n    email: " + email(10) + "\n    interests: [x]\n" : entry(i)));
        assertThatThrownBy(() -> sync.apply(keyFirst)).hasMessageContaining("unknown key 'intrests'");
        assertThat(db.rows()).isEmpty();
    }

    @Test
    void anEntryThatIsNotValidIsReportedBeforeBrokenYamlFurtherDown() throws IOException {
        // the file is read a batch ahead of the writes: the first problem from the top is still the one reported
        for (int broken : new int[] {1_250, 2_100}) {
            Path file = db.write(file(3_000, i -> i == 1_200 ? entry(i).replace("max-papers: 10", "max-papers: 0")
                    : i == broken ? "  - email: [" + email(i) + "\n" : entry(i)));

            assertThatThrownBy(() -> sync.apply(file))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(file + ":" + (2 + 4 * 1_199 + 3) + ": subscriber #1200 (" + email(1_200)
                            + "): max-papers must be an integer from 1 to 100, not 0");
            assertThat(db.rows()).isEmpty();
        }
    }

    @Test
    void aSyncThatStopsEarlyStopsReadingTheFile() throws IOException {
        // the duplicate is in the second batch; the reader is up to two batches ahead of it, with many to go
        Path early = db.write(file(N, i -> entry(i == 1_500 ? 10 : i)));
        assertDuplicate(early, 1_500, 10, email(10));

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("subscribers-file-reader"));
        assertThat(db.rows()).isEmpty();
    }

    private void assertDuplicate(Path file, int number, int first, String written) {
        int line = 2 + 4 * (number - 1);
        assertThatThrownBy(() -> sync.apply(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":" + line + ": subscriber #" + number + " (" + written + "): duplicate email:"
                        + " subscriber #" + first + " at line " + (2 + 4 * (first - 1)) + " has the same address ("
                        + email(first) + "; addresses are compared ignoring case)");
    }

    static String email(int i) {
        return "user%06d@example.org".formatted(i);
    }

    /** Four lines, the first of them the address. */
    static String entry(int i) {
        return "  - email: " + email(i) + "\n    name: User " + i + "\n    interests: [KV cache, topic " + i % 97
                + "]\n    max-papers: 10\n";
    }

    /** Entry {@code i} of the edited file. */
    static String edit(int i) {
        String entry = entry(i);
        if (i % 7 == 0) {
            entry = entry.replace("max-papers: 10", "max-papers: 12");
        }
        if (i % 13 == 0) {
            entry = entry.replace(email(i), editedEmail(i));
        }
        return entry;
    }

    static String editedEmail(int i) {
        return i % 13 == 0 ? email(i).toUpperCase() : email(i);
    }

    static List<String> changedFields(int i) {
        List<String> fields = new ArrayList<>();
        if (i % 13 == 0) {
            fields.add("email");
        }
        if (i % 7 == 0) {
            fields.add("max-papers");
        }
        return fields;
    }

    static String file(int entries, IntFunction<String> entry) {
        return IntStream.rangeClosed(1, entries).mapToObj(entry).collect(Collectors.joining("", "subscribers:\n", ""));
    }

    private Map<String, Map<String, Object>> rowsByKey() {
        return db.rows().stream().collect(Collectors.toMap(row -> (String) row.get("EMAIL_KEY"), row -> row));
    }

    private List<Long> ids() {
        return jdbc.sql("SELECT id FROM subscriber ORDER BY email_key").query(Long.class).list();
    }
}
