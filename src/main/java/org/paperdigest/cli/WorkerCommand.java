package org.paperdigest.cli;

import java.util.concurrent.Callable;

import org.paperdigest.BadInputException;
import org.paperdigest.job.CleanStop;
import org.paperdigest.job.RemoteWorker;
import org.paperdigest.remote.PartitionQueue;
import org.paperdigest.remote.RemoteProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Stay running and send the partitions (subscriber id ranges) that a 'send' with "
                + "digest.remote.enabled hands out over the broker (spring.artemis.broker-url), over this "
                + "machine's own SMTP connections (digest.delivery.connections partitions at a time).",
                "Needs the postgres profile and digest.remote.enabled=true: the manager and every worker share one "
                        + "database. SIGTERM stops "
                        + "taking partitions, lets the messages in flight finish and records them; the next "
                        + "'send' resumes what is left."})
class WorkerCommand implements Callable<Integer> {

    /** How often the command looks whether a stop was asked for; the signal itself is handled by CleanStop. */
    private static final long STOP_CHECK_MILLIS = 200;

    @Spec
    CommandSpec spec;

    private final ConfigurableApplicationContext context;
    private final CleanStop cleanStop;
    private final RemoteProperties remote;

    WorkerCommand(ConfigurableApplicationContext context, CleanStop cleanStop, RemoteProperties remote) {
        this.remote = remote;
        this.context = context;
        this.cleanStop = cleanStop;
    }

    @Override
    public Integer call() throws InterruptedException {
        PartitionQueue.requireSharedDatabase("worker", context.getEnvironment());
        if (!remote.enabled()) {
            // Else this process would hold the PostgreSQL database alone, as a one-machine process does.
            throw new BadInputException("worker: digest.remote.enabled is not true; set it on the manager and every "
                    + "worker of a remote send (DIGEST_REMOTE_ENABLED=true), which share the database");
        }
        // The signal handler waits for this run to close: once the partitions in progress have ended, STOPPED
        // with their outcomes recorded.
        RemoteWorker worker = null;
        try (CleanStop.Run run = cleanStop.beginPartitions()) {
            worker = RemoteWorker.start(context);
            spec.commandLine().getOut().println("worker taking partitions from "
                    + context.getEnvironment().getProperty("spring.artemis.broker-url", "tcp://127.0.0.1:61616"));
            while (!cleanStop.requested()) {
                Thread.sleep(STOP_CHECK_MILLIS);
            }
            worker.finishInFlight();
        } finally {
            if (worker != null) {
                worker.close();
            }
        }
        return CleanStop.exitCode();
    }
}
