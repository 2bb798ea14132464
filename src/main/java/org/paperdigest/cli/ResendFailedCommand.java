package org.paperdigest.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.paperdigest.delivery.DeliveryStatus;
import org.paperdigest.delivery.RelayHost;
import org.paperdigest.job.CleanStop;
import org.paperdigest.job.DigestRuns;
import org.paperdigest.job.DigestRuns.SendOutcome;
import org.springframework.batch.core.BatchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "resend-failed", mixinStandardHelpOptions = true,
        description = {"Try again the deliveries of an issue date that ended failed for a temporary reason. "
                + "Delivered and bounced ones are never touched.",
                "Only for a date whose run completed: a run that failed or was killed is finished by 'send'."})
class ResendFailedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Issue date.")
    LocalDate date;

    private final DigestRuns runs;
    private final RelayHost relay;
    private final CleanStop cleanStop;

    ResendFailedCommand(DigestRuns runs, RelayHost relay, CleanStop cleanStop) {
        this.runs = runs;
        this.relay = relay;
        this.cleanStop = cleanStop;
    }

    @Override
    public Integer call() throws Exception {
        relay.requireUsable();
        try (CleanStop.Run run = cleanStop.begin(date)) {
            return report(runs.resendFailed(date));
        }
    }

    private int report(SendOutcome outcome) {
        PrintWriter out = spec.commandLine().getOut();
        outcome.summary().lines().forEach(out::println);
        if (outcome.status() == BatchStatus.STOPPED && cleanStop.requested()) {
            // what was resent is recorded; the next resend-failed tries the deliveries still failed
            spec.commandLine().getErr().println("paper-digest: stopped after " + outcome.summary().deliveries()
                    .get(DeliveryStatus.DELIVERED) + " delivered; run 'resend-failed --date " + date
                    + "' to try the rest");
            return CleanStop.exitCode();
        }
        if (outcome.status() != BatchStatus.COMPLETED) {
            spec.commandLine().getErr().println("paper-digest: resending the failed deliveries of " + date
                    + " failed: " + outcome.failure());
            return PaperDigestCli.FAILED;
        }
        return PaperDigestCli.OK;
    }
}
