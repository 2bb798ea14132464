package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;
import org.paperdigest.job.ProgressWatch.Outcomes;
import org.paperdigest.job.ProgressWatch.Snapshot;

class RunProgressTest {

    static final LocalDate DATE = LocalDate.of(2025, 7, 29);
    static final Instant START = Instant.parse("2026-12-04T02:00:00Z");

    @Test
    void nothingIsShownUntilTheJobRuns() {
        ProgressWatch watch = new ProgressWatch(new Outcomes(0, 0, 0, 0), START);

        assertThat(watch.next(new Outcomes(0, 0, 0, 0), null, () -> 100, null, START.plusSeconds(10))).isNull();
    }

    @Test
    void theTotalIsTakenWhenTheRunIsFirstSeenAndTheRateAndEtaFollow() {
        // Counters are this process's: 5 delivered before this run (an earlier run under schedule).
        ProgressWatch watch = new ProgressWatch(new Outcomes(5, 0, 0, 0), START);

        Snapshot first = watch.next(new Outcomes(25, 1, 0, 0), 4L, () -> 100, null, START.plusSeconds(10));
        Snapshot later = watch.next(new Outcomes(45, 1, 0, 0), 4L, () -> 999, null, START.plusSeconds(20));

        assertThat(first.total()).isEqualTo(100);
        assertThat(first.done()).isEqualTo(25);
        assertThat(first.line(DATE)).isEqualTo(
                "paper-digest: issue 2025-07-29: 25/100 done, 20 delivered, 1 failed, 0 bounced, 2.5 msgs/s, ETA 30 s");
        assertThat(later.total()).isEqualTo(100);
        assertThat(later.line(DATE)).isEqualTo(
                "paper-digest: issue 2025-07-29: 45/100 done, 40 delivered, 1 failed, 0 bounced, 2.0 msgs/s, ETA 28 s");
    }

    @Test
    void aTotalCountedAsTheJobStartedIsTheOneShownAndTheFirstRateIsSinceTheJobStarted() {
        ProgressWatch watch = new ProgressWatch(new Outcomes(0, 0, 0, 0), START);
        // the subscribers file took 8 s to sync before the job started
        watch.counted(80, START.plusSeconds(8));

        Snapshot first = watch.next(new Outcomes(10, 0, 0, 0), 0L, () -> 999, null, START.plusSeconds(10));

        assertThat(first.total()).isEqualTo(80);
        assertThat(first.line(DATE)).isEqualTo(
                "paper-digest: issue 2025-07-29: 10/80 done, 10 delivered, 0 failed, 0 bounced, 5.0 msgs/s, ETA 14 s");
    }

    @Test
    void duringARelayOutageTheLineSaysItIsWaitingAndWhenItTriesAgain() {
        Snapshot waiting = new Snapshot(10, 100, new Outcomes(10, 0, 0, 0), 0,
                Instant.parse("2026-12-04T02:31:05Z"));

        assertThat(waiting.line(DATE)).contains("ETA unknown; the relay is not taking mail: waiting, next try at ");
        assertThat(waiting.extra()).startsWith(" 0 failed, relay down, next try ");
    }

    @Test
    void onATerminalTheBarShowsTheDateAndCounts() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (ProgressBar bar = RunProgress.bar(DATE, new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
            bar.maxHint(40).stepTo(12).setExtraMessage(new Snapshot(12, 40, new Outcomes(11, 1, 0, 0), 0, null).extra());
        }

        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("issue 2025-07-29", "12/40", " 1 failed");
    }
}
