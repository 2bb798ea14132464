package org.paperdigest.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.paperdigest.BadInputException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Resolves {@code spring.mail.host} once before a send starts: a name that does not resolve is a setting to
 * fix (exit 2), not a relay that is down for a while, which the retries would wait out for minutes.
 */
@Component
public class RelayHost {

    private final RelaySettings relay;
    private final Environment environment;

    RelayHost(RelaySettings relay, Environment environment) {
        this.relay = relay;
        this.environment = environment;
    }

    public void requireResolvable() {
        String host = relay.host();
        if (host == null || host.isBlank() || throughProxy()) {
            return;
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException("spring.mail.host: unknown host '" + host + "'", e);
        }
    }

    /** Behind a proxy the relay's name is resolved by the proxy, and may be unknown here. */
    private boolean throughProxy() {
        return environment.containsProperty("spring.mail.properties.mail.smtp.proxy.host")
                || environment.containsProperty("spring.mail.properties.mail.smtp.socks.host");
    }
}
