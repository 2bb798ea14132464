package org.paperdigest.delivery;

import java.time.Duration;
import java.time.LocalDate;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Sends over SMTP with the relay settings of {@code spring.mail.*}. */
final class SmtpMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private final JavaMailSenderImpl settings;
    private final String protocol;
    private final boolean ssl;
    private final Duration endOfDataTimeout;

    SmtpMailer(JavaMailSenderImpl settings, Duration endOfDataTimeout) {
        this.settings = settings;
        this.endOfDataTimeout = endOfDataTimeout;
        this.protocol = settings.getProtocol() == null ? "smtp" : settings.getProtocol();
        this.ssl = "smtps".equals(protocol)
                || Boolean.parseBoolean(settings.getJavaMailProperties().getProperty("mail." + protocol + ".ssl.enable"));
    }

    private Session session() {
        return settings.getSession();
    }

    @Override
    public Connection connect() throws MessagingException {
        PipeliningSmtpTransport transport = (PipeliningSmtpTransport) session().getTransport(new Provider(
                Provider.Type.TRANSPORT, protocol, PipeliningSmtpTransport.class.getName(), "paper-digest", null));
        transport.endOfDataTimeout(endOfDataTimeout);
        open(transport);
        return new Connection() {
            @Override
            public boolean eightBitMime() {
                return transport.supportsExtension("8BITMIME");
            }

            @Override
            public boolean smtpUtf8() {
                return transport.supportsExtension("SMTPUTF8");
            }

            @Override
            public long maxMessageSize() {
                String size = transport.getExtensionParameter("SIZE");
                try {
                    return size == null || size.isBlank() ? 0 : Long.parseLong(size.strip());
                } catch (NumberFormatException e) {
                    return 0; // RFC 1870: a limit we cannot read is no limit we can check
                }
            }

            @Override
            public String send(PreparedMessage message, PreparedMessage next) throws MessagingException {
                if (transport.ahead() != null && transport.ahead() != message) {
                    // An envelope went out for a message that is not coming after all (its chunk
                    // failed): its DATA may be open, and only a dropped connection ends it undelivered.
                    close();
                }
                if (!transport.open()) {
                    open(transport);
                }
                return transport.send(message, next);
            }

            @Override
            public void close() {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // The messages are already accepted; a failed QUIT changes nothing about them.
                    log.debug("SMTP connection did not close cleanly", e);
                }
            }
        };
    }

    /**
     * Connects, greets and authenticates. A 5xx greeting (554) or a 5xx to AUTH is the relay refusing this
     * client: no temporary fault, so it is not tried again.
     */
    private void open(PipeliningSmtpTransport transport) throws MessagingException {
        try {
            transport.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
        } catch (MessagingException e) {
            String tls = TlsFailure.advice(e, settings.getHost());
            if (tls != null) { // a setting to fix: stop at once rather than retry for minutes
                throw new RelayRefusedException(0, tls, tls, e);
            }
            boolean refusal = e instanceof AuthenticationFailedException
                    || String.valueOf(e.getMessage()).contains("bad greeting");
            if (refusal && transport.getLastReturnCode() >= 500) {
                String reply = transport.getLastServerResponse();
                throw new RelayRefusedException(transport.getLastReturnCode(), reply,
                        RelayRefusedException.describe(destination(null), reply), e);
            }
            throw e;
        }
    }

    @Override
    public String destination(LocalDate date) {
        return (ssl ? "smtps://" : "smtp://") + settings.getHost() + ":" + (settings.getPort() > 0 ? settings.getPort() : 25);
    }
}
