package org.paperdigest.delivery;

import jakarta.mail.MessagingException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.paperdigest.BadInputException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checks the relay settings once before a send starts: a name that does not resolve, TLS that cannot work (an
 * untrusted certificate, one that names another host), or an outbox that cannot be made, is a setting to fix
 * (exit 2), not a relay that is down for a while, which the retries would wait out for minutes.
 */
@Component
public class RelayHost {

    private final RelaySettings relay;
    private final Environment environment;
    private final Mailer mailer;

    RelayHost(RelaySettings relay, Environment environment, Mailer mailer) {
        this.relay = relay;
        this.environment = environment;
        this.mailer = mailer;
    }

    /** The host resolves, and with TLS configured, a connection to the relay gets through its handshake. */
    public void requireUsable() {
        if (mailer instanceof OutboxMailer outbox) {
            outbox.requireWritable();
        }
        requireResolvable();
        if (relay.host() == null || !tls()) {
            return;
        }
        try (Mailer.Connection probe = mailer.connect()) {
            // connected, TLS and login done: nothing to send
        } catch (RelayRefusedException e) {
            String tls = TlsFailure.advice(e, relay.host());
            if (tls != null) {
                throw new BadInputException(tls, e);
            }
            // another refusal stops the run where it is met, with the relay's reply
        } catch (MessagingException e) {
            // the relay is down or busy: the run's retries wait for it
        }
    }

    private boolean tls() {
        return environment.getProperty("spring.mail.properties.mail.smtp.ssl.enable", Boolean.class, false)
                || environment.getProperty("spring.mail.properties.mail.smtp.starttls.enable", Boolean.class, false);
    }

    private void requireResolvable() {
        String host = relay.host();
        if (host == null || throughProxy()) {
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
