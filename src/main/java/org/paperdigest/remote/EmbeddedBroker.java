package org.paperdigest.remote;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * {@code paper-digest broker}: an Artemis server in this process with a TCP (Netty) acceptor, for small installs
 * and tests; Spring Boot's embedded mode accepts in-VM connections only. Not persistent: requests queued when it
 * stops are lost, and the manager's next {@code send} sends the unfinished partitions again.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    public static EmbeddedBroker start(String host, int port) throws Exception {
        String url = "tcp://" + host + ":" + port;
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", url);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.start();
        return new EmbeddedBroker(server, url);
    }

    /** Where it listens, as {@code spring.artemis.broker-url} names it. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
