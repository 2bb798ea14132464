package org.paperdigest.job;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.paperdigest.delivery.StopRequest;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (systemd, Kubernetes, Ctrl-C) stop a run cleanly instead of crashing it. The signal is
 * handled here, before the JVM starts its shutdown hooks (H2 closes its database in one of its own, which
 * AUTO_SERVER requires): the run is stopped and has ended before the process exits. Should the context be
 * closed otherwise while a run is on, this listener hears that first, before anything is stopped or closed
 * (the message-preparation pool stops taking work on the same event, the DataSource closes later), and
 * holds the close until the run has ended: writers send no further message and end their steps with
 * a {@code JobInterruptedException} ({@link StopRequest}), so that the run ends STOPPED, and the command
 * prints how to resume it. {@code JobOperator.stop} is not used: it saves its own copies of the running
 * step executions, which races the steps' own saves and can leave the run UNKNOWN. A run that has not ended within {@link #GRACE} is abandoned: its delivered messages
 * are already in the journal, and the next {@code send} recovers it. A second signal exits at once.
 */
@Component
public class CleanStop implements ApplicationListener<ContextClosedEvent>, Ordered {

    static final Duration GRACE = Duration.ofSeconds(10);

    /** The signal that asked for the stop, JVM-wide as the handlers are; 0 before any. */
    private static final AtomicInteger signal = new AtomicInteger();
    private static boolean installed;
    /** The listener of the process's current run, for the signal handler. */
    private static volatile CleanStop active;

    private final StopRequest stop;
    private volatile Run current;

    CleanStop(StopRequest stop) {
        this.stop = stop;
    }

    /**
     * A run of {@code date} starts; the command closes it once it has said how the run ended, and a stop
     * waits for that. Runs never overlap (one process, one sender).
     */
    public Run begin(LocalDate date) {
        return begin(new Run("the run of " + date, "the run ends", "was", "run 'send --date " + date
                + "' to resume it"));
    }

    /**
     * A {@code worker} starts taking partitions: a stop lets the ones it runs finish their messages in flight, and
     * waits for them to end (STOPPED), as for a run.
     */
    public Run beginPartitions() {
        return begin(new Run("the partitions this worker runs", "each ends STOPPED", "were",
                "the next 'send' resumes them"));
    }

    private Run begin(Run run) {
        installHandlers();
        current = run;
        active = this;
        return run;
    }

    /** Whether the run ended because the operator asked the process to stop. */
    public boolean requested() {
        return stop.requested();
    }

    /** The exit code of a stop: 128 plus the signal's number, as a shell reports it (143 for SIGTERM). */
    public static int exitCode() {
        return 128 + (signal.get() == 0 ? 15 : signal.get());
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopRun();
    }

    /** Stops the current run, if one is on, and waits for it to end. */
    private void stopRun() {
        Run run = current;
        if (run == null || run.ended.getCount() == 0) {
            return;
        }
        stop.request();
        System.err.println("paper-digest: stopping " + run.what + ": the messages in flight finish, then "
                + run.ending + " (a second signal exits at once)");
        try {
            if (!run.ended.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("paper-digest: " + run.what + " did not stop within " + GRACE.toSeconds()
                        + " s and " + run.was + " abandoned; " + run.resume);
                Runtime.getRuntime().halt(exitCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /**
     * The first SIGTERM or SIGINT stops the run, then exits as the JVM would, through the shutdown hooks
     * (Spring's closes the context, H2's the database); a second one does not wait for them.
     */
    private static synchronized void installHandlers() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), received -> {
                    if (!signal.compareAndSet(0, received.getNumber())) {
                        Runtime.getRuntime().halt(exitCode());
                    }
                    new Thread(() -> {
                        CleanStop listener = active;
                        if (listener != null) {
                            listener.stopRun();
                        }
                        System.exit(exitCode());
                    }, "clean-stop").start();
                });
            } catch (IllegalArgumentException e) {
                // The JVM does not let this signal be handled here (-Xrs): it keeps its own handler.
            }
        }
    }

    /** A run in progress, until its command has printed how it ended. */
    public static final class Run implements AutoCloseable {

        /** What a stop stops, how it ends, and how to resume it once abandoned, as its lines say them. */
        private final String what;
        private final String ending;
        private final String was;
        private final String resume;
        private final CountDownLatch ended = new CountDownLatch(1);

        private Run(String what, String ending, String was, String resume) {
            this.what = what;
            this.ending = ending;
            this.was = was;
            this.resume = resume;
        }

        @Override
        public void close() {
            ended.countDown();
        }
    }
}
