package org.paperdigest.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.paperdigest.job.DigestRuns;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the runs of an issue date (or of the latest dates) with their state and delivery counts.",
                "A run killed before it could record its outcomes is counted from the delivery journal and shown "
                        + "as dead, with the command that resumes it."})
class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int RECENT = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default: the latest ones).")
    LocalDate date;

    private final DigestRuns runs;

    StatusCommand(DigestRuns runs) {
        this.runs = runs;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        runs.replayJournal(); // a killed run's outcomes are in the journal until then
        List<LocalDate> dates = date != null ? List.of(date) : runs.recentDates(RECENT);
        if (dates.isEmpty()) {
            out.println("no runs yet");
        }
        for (LocalDate day : dates) {
            List<JobExecution> executions = runs.executions(day);
            if (executions.isEmpty()) {
                out.println("issue " + day + ": never run");
                continue;
            }
            List<String> summary = runs.summarize(day, executions.get(executions.size() - 1)).lines();
            out.println(summary.get(0));
            for (JobExecution e : executions) {
                // A run still marked running is dead (DigestRuns.state): it was last seen at its last update.
                out.printf("  run %-8d %-9s started %s, %s %s%n", e.getId(), DigestRuns.state(e),
                        time(e.getStartTime()), e.isRunning() ? "last seen" : "ended",
                        time(e.isRunning() ? e.getLastUpdated() : e.getEndTime()));
            }
            summary.stream().skip(1).filter(line -> !line.startsWith("  this run")).forEach(out::println);
        }
        return PaperDigestCli.OK;
    }

    private static String time(LocalDateTime t) {
        return t == null ? "-" : TIME.format(t);
    }
}
