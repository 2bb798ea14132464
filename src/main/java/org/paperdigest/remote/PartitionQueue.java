package org.paperdigest.remote;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.paperdigest.BadInputException;
import org.springframework.core.env.Environment;

/** The JMS queue between the manager and the workers, and the one connection factory both use to reach it. */
public final class PartitionQueue {

    /** Partition requests (Spring Batch's StepExecutionRequest); the manager reads the outcomes from the database. */
    public static final String NAME = "paper-digest.partitions";

    private PartitionQueue() {
    }

    /**
     * A connection to {@code spring.artemis.broker-url} (default the local {@code paper-digest broker}) with a
     * consumer window of 0: a worker takes the next request only when it is ready to run it, otherwise the first
     * consumer to connect buffers every partition and the other workers idle.
     */
    public static ConnectionFactory connectionFactory(Environment environment) {
        String url = environment.getProperty("spring.artemis.broker-url", "tcp://127.0.0.1:61616");
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url,
                environment.getProperty("spring.artemis.user"), environment.getProperty("spring.artemis.password"));
        factory.setConsumerWindowSize(0);
        // A request holds three ids and a step name; nothing else is ever deserialized from the queue.
        factory.setDeserializationAllowList("org.springframework.batch.integration.partition,java.lang");
        return factory;
    }

    /**
     * The manager and every worker must share one database (job repository and delivery record): the H2 file
     * of one machine cannot be, so the remote mode runs only with the postgres profile.
     */
    public static void requireSharedDatabase(String what, Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new BadInputException(what + " needs a database that the manager and every worker share: run it "
                    + "with --spring.profiles.active=postgres (spring.datasource.url is " + url + ")");
        }
    }
}
