package org.paperdigest.remote;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * {@code paper-digest broker}: an Artemis server in this process with a TCP (Netty) acceptor, for small installs
 * and tests; Spring Boot's embedded mode accepts in-VM connections only. Not persistent: requests queued when it
 * stops are lost, and the manager's next {@code send} sends the unfinished partitions again.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final String DEAD_LETTERS = "paper-digest.dead-letters";

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
                .addAcceptorConfiguration("tcp", url)
                // A request that no worker could take after the broker's 10 tries is kept there, not dropped.
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                        .setExpiryAddress(SimpleString.of(DEAD_LETTERS))
                        .setAutoCreateDeadLetterResources(true));
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
