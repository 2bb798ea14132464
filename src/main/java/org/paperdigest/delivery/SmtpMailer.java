package org.paperdigest.delivery;

import java.time.LocalDate;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Sends over SMTP with the relay settings of {@code spring.mail.*}. */
final class SmtpMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private final JavaMailSenderImpl settings;
    private final String protocol;
    private final boolean ssl;

    SmtpMailer(JavaMailSenderImpl settings) {
        this.settings = settings;
        this.protocol = settings.getProtocol() == null ? "smtp" : settings.getProtocol();
        this.ssl = "smtps".equals(protocol)
                || Boolean.parseBoolean(settings.getJavaMailProperties().getProperty("mail." + protocol + ".ssl.enable"));
        if (!ssl && !settings.getJavaMailProperties().containsKey("mail." + protocol + ".socketFactory")) {
            settings.getJavaMailProperties().put("mail." + protocol + ".socketFactory", new NoDelaySocketFactory());
        }
    }

    @Override
    public Session session() {
        return settings.getSession();
    }

    @Override
    public Connection connect() throws MessagingException {
        Transport transport = session().getTransport(new Provider(Provider.Type.TRANSPORT, protocol,
                PipeliningSmtpTransport.class.getName(), "paper-digest", null));
        transport.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
        return new Connection() {
            @Override
            public boolean eightBitMime() {
                return transport instanceof SMTPTransport smtp && smtp.supportsExtension("8BITMIME");
            }

            @Override
            public String send(PreparedMessage message) throws MessagingException {
                if (transport instanceof PipeliningSmtpTransport pipelining) {
                    return pipelining.send(message);
                }
                transport.sendMessage(message.toMimeMessage(session()), new Address[] {message.to()});
                return transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "250";
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

    @Override
    public String destination(LocalDate date) {
        return (ssl ? "smtps://" : "smtp://") + settings.getHost() + ":" + (settings.getPort() > 0 ? settings.getPort() : 25);
    }
}
