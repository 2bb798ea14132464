package org.paperdigest.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.paperdigest.remote.EmbeddedBroker;
import org.paperdigest.remote.RemoteProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Stay running as the message broker of a send spread over machines: an embedded ActiveMQ "
                + "Artemis server listening on digest.remote.broker-host:broker-port (127.0.0.1:61616).",
                "For small installs and tests; point spring.artemis.broker-url at your own Artemis otherwise. "
                        + "It keeps nothing on disk: requests queued when it stops are sent again by the next "
                        + "'send' with digest.remote.enabled."})
class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final RemoteProperties remote;

    BrokerCommand(RemoteProperties remote) {
        this.remote = remote;
    }

    @Override
    public Integer call() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(remote.brokerHost(), remote.brokerPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("paper-digest: the broker did not stop cleanly: " + e);
            }
        }, "broker-stop"));
        spec.commandLine().getOut().println("broker listening on " + broker.url());
        new CountDownLatch(1).await(); // until SIGTERM; the shutdown hook stops the broker
        return PaperDigestCli.OK;
    }
}
