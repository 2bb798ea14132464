package org.paperdigest.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.paperdigest.OneLine;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.RelayHost;
import org.paperdigest.http.DigestHttpServer;
import org.paperdigest.job.CleanStop;
import org.paperdigest.job.DigestRuns;
import org.paperdigest.job.DigestRuns.SendOutcome;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Stay running and send the day's digests at each cron time in digest.zone.",
                "Runs never overlap: a run that is still going when the next time comes delays it. "
                        + "A failed run is resumed by the next one of the same day, or by 'send --date'.",
                "With digest.http.port set it also serves, for as long as it runs, the unsubscribe endpoint (as "
                        + "'serve' does) and its metrics at /actuator/prometheus."})
class ScheduleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cron", required = true, paramLabel = "EXPR",
            description = "When to send, in digest.zone: a crontab expression (\"0 7 * * *\" for 07:00 every day) "
                    + "or Spring's, with seconds first (\"0 0 7 * * *\").")
    String cron;

    private final DigestRuns runs;
    private final DigestProperties properties;
    private final RelayHost relay;
    private final CleanStop cleanStop;
    private final ConfigurableApplicationContext context;

    ScheduleCommand(DigestRuns runs, DigestProperties properties, RelayHost relay, CleanStop cleanStop,
            ConfigurableApplicationContext context) {
        this.runs = runs;
        this.context = context;
        this.cleanStop = cleanStop;
        this.properties = properties;
        this.relay = relay;
    }

    @Override
    public Integer call() throws InterruptedException {
        CronExpression expression = expression(cron);
        PrintWriter out = spec.commandLine().getOut();
        Optional<DigestHttpServer> server = DigestHttpServer.forSchedule(context); // none without digest.http.port
        try {
            server.ifPresent(http -> out.println("serving " + http.describe() + " on port " + http.port()));
            out.println("scheduled: next send at " + expression.next(ZonedDateTime.now(properties.zone())));
            // One thread: a send that overruns the next firing delays it instead of running beside it.
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("schedule-");
            scheduler.initialize();
            scheduler.schedule(() -> sendToday(out), new CronTrigger(expression.toString(), properties.zone()));
            new CountDownLatch(1).await();
        } finally {
            server.ifPresent(DigestHttpServer::close);
        }
        return PaperDigestCli.OK;
    }

    /**
     * Spring's cron expression, or a crontab one (five fields, as in the crontab line an operator would write
     * otherwise), which means the same with 0 seconds.
     */
    static CronExpression expression(String cron) {
        String fields = cron.strip();
        CronExpression expression;
        try {
            expression = CronExpression.parse(fields.split("\\s+").length == 5 ? "0 " + fields : fields);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--cron '" + cron + "': " + e.getMessage()
                    + " (five crontab fields, or six with seconds first)");
        }
        if (expression.next(ZonedDateTime.now(ZoneOffset.UTC)) == null) { // 30 February: waiting would never end
            throw new BadInputException("--cron '" + cron + "': no date has those fields, so it never comes");
        }
        return expression;
    }

    private void sendToday(PrintWriter out) {
        if (cleanStop.requested()) {
            return; // the process is stopping: no run starts while the context closes
        }
        LocalDate day = LocalDate.now(properties.zone());
        try (CleanStop.Run run = cleanStop.begin(day)) {
            relay.requireUsable(); // at each run: the relay's name may stop (or start) resolving, its certificate change
            SendOutcome outcome = runs.send(day, null, false); // a list of another day is not today's issue
            if (outcome.alreadyCompleted()) {
                out.println("issue " + day + " was already sent; nothing to do.");
            } else {
                outcome.summary().lines().forEach(out::println);
                if (outcome.status() == BatchStatus.STOPPED && cleanStop.requested()) {
                    out.println(SendCommand.stopped(outcome));
                } else if (outcome.failure() != null) {
                    out.println("the run of " + day + " failed: " + outcome.failure());
                }
            }
        } catch (Exception e) {
            // Keep the schedule alive: tomorrow's run must still happen.
            out.println("the run of " + day + " did not start: " + OneLine.ofFailure(e));
        } finally {
            out.flush();
        }
    }
}
