package org.paperdigest.job;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A running {@code paper-digest worker}: its own context (JMS consumers and the worker step) under the command's,
 * so that no other command loads Spring Integration or a JMS client.
 */
public final class RemoteWorker implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    private RemoteWorker(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    public static RemoteWorker start(ConfigurableApplicationContext parent) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.setParent(parent);
        context.register(RemoteWorkerConfiguration.class);
        context.refresh();
        return new RemoteWorker(context);
    }

    /**
     * Stops taking requests and waits for the partitions in progress to end: after a stop request, each ends
     * STOPPED once its messages in flight have finished and been recorded. Called before the process's run ends,
     * since closing this context would tell CleanStop, which waits for that run, that the context closes.
     */
    public void finishInFlight() throws InterruptedException {
        context.stop();
        context.getBean(InFlightPartitions.class).awaitNone();
    }

    @Override
    public void close() {
        context.close();
    }
}
