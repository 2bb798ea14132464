package org.paperdigest.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.paperdigest.job.RunStatus;
import org.paperdigest.job.RunSummary;
import org.paperdigest.job.SenderLock;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the runs of an issue date with their state, delivery counts and failures, or the latest "
                + "dates as a table (date, state, papers, matched, delivered, failed, bounced, duration).",
                "Works while a send runs, with its live counts (done, pending, rate, time left). A run killed before "
                        + "it could record its outcomes is counted from the delivery journal and shown as dead, with "
                        + "the command that resumes it."})
class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int RECENT = 14;
    private static final String ROW = "%-10s  %-17s  %6s  %7s  %9s  %6s  %7s  %8s%n";

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default: the latest 14, as a table).")
    LocalDate date;

    @Option(names = "--json", description = "The table (or the date's line) as JSON, for scripts.")
    boolean json;

    private final RunStatus runs;

    StatusCommand(RunStatus runs) {
        this.runs = runs;
    }

    @Override
    public Integer call() {
        // Held while status reads, unless a send holds it: then the journal is the send's, and status only reads.
        Optional<SenderLock.Held> held = runs.replayJournalUnlessLocked();
        try {
            PrintWriter out = spec.commandLine().getOut();
            List<LocalDate> dates = date != null ? List.of(date) : runs.recentDates(RECENT);
            if (json) {
                out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(
                        dates.stream().flatMap(d -> runs.history(d).stream()).toList()));
            } else if (date != null) {
                details(out, date);
            } else {
                table(out, dates);
            }
            return PaperDigestCli.OK;
        } finally {
            held.ifPresent(SenderLock.Held::close);
        }
    }

    private void table(PrintWriter out, List<LocalDate> dates) {
        if (dates.isEmpty()) {
            out.println("no runs yet");
            return;
        }
        out.printf(ROW, "date", "state", "papers", "matched", "delivered", "failed", "bounced", "duration");
        for (LocalDate day : dates) {
            runs.history(day).ifPresent(h -> out.printf(ROW, h.date(), h.state(), h.papers(), h.matched(),
                    h.delivered(), h.failed(), h.bounced(), String.format("%.1f s", h.seconds())));
        }
        for (LocalDate day : dates) {
            List<JobExecution> executions = runs.executions(day);
            RunSummary live = runs.summarize(day, executions.get(executions.size() - 1));
            if (live.progress() != null) {
                out.println(live.lines().get(0));
                out.println(live.lines().get(1));
            }
        }
        out.println("(status --date D shows a date's runs, its failures and what to run next)");
    }

    private void details(PrintWriter out, LocalDate day) {
        List<JobExecution> executions = runs.executions(day);
        if (executions.isEmpty()) {
            out.println("issue " + day + ": never run");
            return;
        }
        List<String> summary = runs.summarize(day, executions.get(executions.size() - 1)).lines();
        out.println(summary.get(0));
        for (JobExecution e : executions) {
            // A dead run (RunStatus.state) was last seen at its last update.
            out.printf("  run %-8d %-9s started %s, %s %s%n", e.getId(), runs.state(e), time(e.getStartTime()),
                    e.isRunning() ? "last seen" : "ended", time(e.isRunning() ? e.getLastUpdated() : e.getEndTime()));
        }
        summary.stream().skip(1).filter(line -> !line.startsWith("  this run")).forEach(out::println);
    }

    private static String time(LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
