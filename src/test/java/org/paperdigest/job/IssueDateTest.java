package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** A page says which day it is of ("Jul 29"): sent for another issue date, it is refused unless told to. */
class IssueDateTest {

    @TempDir
    Path dir;

    @Test
    void aPageOfAnotherDayIsRefusedNamingBothDatesAndNothingStarts() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(2));

        Cli.Result result = workspace.run("send", "--date", "2026-12-02");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("paper-digest: " + Workspace.SAMPLE_DAY + ": the list is of Jul 29,"
                + " not of the issue date 2026-12-02; run 'send --date 2026-07-29', or add --allow-date-mismatch to"
                + " send it as 2026-12-02");
        assertThat(workspace.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isZero();
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isZero();
        assertThat(workspace.outbox()).doesNotExist();
    }

    @Test
    void allowDateMismatchSendsItAsTheIssueDateGiven() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(2));

        Cli.Result result = workspace.run("send", "--date", "2026-12-02", "--allow-date-mismatch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(workspace.outbox().resolve("2026-12-02").resolve("reader01@example.org.eml")).exists();
    }

    @Test
    void withNoDateAPageWithoutDatePlaceholderIsSentForItsOwnDay() throws Exception {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(2));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate jul29 = MonthDay.of(7, 29).atYear(today.getYear());
        LocalDate expected = jul29.isAfter(today) ? jul29.minusYears(1) : jul29;

        Cli.Result result = workspace.run("send");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("issue " + expected);
        assertThat(Files.list(workspace.outbox()).map(p -> p.getFileName().toString())).containsExactly(expected.toString());
    }
}
