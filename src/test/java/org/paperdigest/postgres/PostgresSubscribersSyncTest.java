package org.paperdigest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** {@code subscribers sync} on PostgreSQL: its batches of 1,000 add, change and deactivate as on H2. */
class PostgresSubscribersSyncTest {

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path dir;

    @Test
    void addsChangesAndDeactivatesAcrossSeveralBatches() {
        Workspace workspace = database.on(new Workspace(dir));
        workspace.subscribers(readers(1, 2_500, "KV cache"));
        Cli.Result first = workspace.run("subscribers", "sync");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("added 2500, changed 0, deactivated 0, unchanged 0");
        assertThat(database.count("SELECT COUNT(DISTINCT email_key) FROM subscriber")).isEqualTo(2_500);

        // 1-1,200 stay, 1,201-2,500 go, 1-10 follow another interest, and 2,501-2,600 are new
        workspace.subscribers(readers(1, 10, "paged attention") + readers(11, 1_200, "KV cache").substring(13)
                + readers(2_501, 2_600, "KV cache").substring(13));
        Cli.Result dryRun = workspace.run("subscribers", "sync", "--dry-run");
        assertThat(dryRun.out()).contains("added 100, changed 10, deactivated 1300, unchanged 1190");
        assertThat(database.count("SELECT COUNT(*) FROM subscriber")).isEqualTo(2_500);

        Cli.Result second = workspace.run("subscribers", "sync");

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("~ r00001@example.org (interests)", "- r02500@example.org (deactivated)",
                "+ r02600@example.org", "added 100, changed 10, deactivated 1300, unchanged 1190");
        assertThat(database.count("SELECT COUNT(*) FROM subscriber WHERE active")).isEqualTo(1_300);
        assertThat(database.count("SELECT COUNT(*) FROM subscriber WHERE NOT active")).isEqualTo(1_300);
        assertThat(database.count("SELECT COUNT(*) FROM subscriber WHERE interests = ?", "[\"paged attention\"]"))
                .isEqualTo(10);
        // a reader who comes back keeps the row, its id and its unsubscribe token
        long id = database.count("SELECT id FROM subscriber WHERE email_key = 'r02000@example.org'");
        workspace.subscribers(readers(2_000, 2_000, "KV cache"));
        assertThat(workspace.run("subscribers", "sync").out())
                .contains("added 0, changed 1, deactivated 1300, unchanged 0");
        assertThat(database.count("SELECT id FROM subscriber WHERE email_key = 'r02000@example.org' AND active"))
                .isEqualTo(id);
    }

    /** A subscribers file of rNNNNN@example.org from {@code first} to {@code last}, all with one interest. */
    private static String readers(int first, int last, String interest) {
        return "subscribers:\n" + IntStream.rangeClosed(first, last)
                .mapToObj(i -> "  - email: r%05d@example.org\n    interests: [%s]\n".formatted(i, interest))
                .collect(Collectors.joining());
    }
}
