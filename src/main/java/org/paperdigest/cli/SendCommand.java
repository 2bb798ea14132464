package org.paperdigest.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.RelayHost;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.job.CleanStop;
import org.paperdigest.job.RunProgress;
import org.paperdigest.job.DigestRuns;
import org.paperdigest.job.DigestRuns.SendOutcome;
import org.springframework.batch.core.BatchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send the digests of an issue date: load its papers, sync the subscribers file, "
                + "then match, render and send.",
                "Running it again for a date whose run failed or was killed resumes that run; "
                        + "a delivered digest is never sent again. A completed date sends nothing."})
class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default: the day the sources say "
            + "they are of when they have no {date} in them, as the sample's 'Jul 29'; else today in digest.zone).")
    LocalDate date;

    @Option(names = "--allow-date-mismatch",
            description = "Send a list that says it is of another day than the issue date (refused otherwise).")
    boolean allowDateMismatch;

    @Option(names = "--abstracts", paramLabel = "PATH|URL",
            description = "The day's papers: a file (page text or daily_papers JSON) or an http(s) URL (daily_papers "
                    + "API, arXiv RSS or Atom), {date} replaced; repeat it to merge sources (default: digest.abstracts).")
    List<String> abstracts;

    /** Read before Spring starts, as digest.remote.enabled=true ({@link PaperDigestCli}): it decides the beans. */
    @Option(names = "--remote", description = "Run as the manager of a send over several machines: the same as "
            + "--digest.remote.enabled=true (workers take the partitions; see Scale-out in the README).")
    boolean remote;

    private final DigestRuns runs;
    private final DaySources sources;
    private final DigestProperties properties;
    private final RelayHost relay;
    private final CleanStop cleanStop;
    private final RunProgress progress;

    SendCommand(DigestRuns runs, DaySources sources, DigestProperties properties, RelayHost relay,
            CleanStop cleanStop, RunProgress progress) {
        this.runs = runs;
        this.sources = sources;
        this.progress = progress;
        this.cleanStop = cleanStop;
        this.properties = properties;
        this.relay = relay;
    }

    @Override
    public Integer call() throws Exception {
        LocalDate day = date != null ? date : sources.issueDate(abstracts, LocalDate.now(properties.zone()));
        relay.requireUsable();
        try (CleanStop.Run run = cleanStop.begin(day)) {
            SendOutcome outcome;
            // On a terminal a progress bar, else a line every 10 s: both end before the summary is printed.
            try (AutoCloseable shown = progress.show(day, spec.commandLine().getErr(), System.console() != null)) {
                outcome = runs.send(day, abstracts, allowDateMismatch);
            }
            return report(day, outcome);
        }
    }

    private int report(LocalDate day, SendOutcome outcome) {
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.alreadyCompleted()) {
            out.println("issue " + day + " was already sent; nothing to do.");
            outcome.summary().lines().stream().skip(1).forEach(out::println);
            return PaperDigestCli.OK;
        }
        if (outcome.resumed()) {
            out.println("resumed the earlier run of " + day);
        }
        outcome.summary().lines().forEach(out::println);
        if (outcome.status() == BatchStatus.STOPPED && cleanStop.requested()) {
            spec.commandLine().getErr().println(stopped(outcome));
            return CleanStop.exitCode();
        }
        if (outcome.status() != BatchStatus.COMPLETED) {
            spec.commandLine().getErr().println("paper-digest: the run of " + day + " failed: " + outcome.failure());
            spec.commandLine().getErr().println("paper-digest: run 'send --date " + day
                    + "' again to resume; delivered digests are not sent again");
            return PaperDigestCli.FAILED;
        }
        return PaperDigestCli.OK;
    }

    /** The line a run stopped by a signal ends with. */
    static String stopped(SendOutcome outcome) {
        LocalDate day = outcome.summary().date();
        return "paper-digest: stopped after " + outcome.summary().deliveries().get(DeliveryStatus.DELIVERED)
                + " delivered; run 'send --date " + day + "' to resume";
    }
}
