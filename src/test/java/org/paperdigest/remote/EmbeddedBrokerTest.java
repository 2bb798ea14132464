package org.paperdigest.remote;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.paperdigest.BadInputException;

/** A broker that could not listen is a setting to fix, said in one line, not a server that runs listening nowhere. */
class EmbeddedBrokerTest {

    @Test
    void aHostThatDoesNotResolveIsOneLine() {
        assertThatThrownBy(() -> EmbeddedBroker.start("no-such-host.invalid", 61616))
                .isInstanceOf(BadInputException.class)
                .hasMessage("digest.remote.broker-host: unknown host 'no-such-host.invalid'");
    }

    @Test
    void aPortAnotherProcessListensOnIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedBroker.start("127.0.0.1", port))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("digest.remote.broker-host, broker-port: cannot listen on 127.0.0.1:" + port
                            + " (");
        }
    }
}
