package org.paperdigest.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.paperdigest.BadInputException;

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
        requireListenable(host, port);
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

    /**
     * A host name that does not resolve, or an address and port this machine cannot listen on, is a setting to fix:
     * Artemis would log its acceptor's failure and go on running, listening nowhere.
     */
    private static void requireListenable(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new BadInputException("digest.remote.broker-host: unknown host '" + host + "'", e);
        } catch (IOException e) {
            throw new BadInputException("digest.remote.broker-host, broker-port: cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + ")", e);
        }
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
