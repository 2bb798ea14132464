package org.paperdigest.job;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A running {@code paper-digest worker}: its own context (JMS consumers and the worker step) under the command's,
 * so that no other command loads Spring Integration or a JMS client. Closing it stops taking requests and waits
 * for the partitions in progress to end (a stop request makes them end after the messages in flight).
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

    @Override
    public void close() {
        context.close();
    }
}
