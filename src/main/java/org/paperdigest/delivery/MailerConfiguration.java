package org.paperdigest.delivery;

import org.paperdigest.DigestProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** SMTP when {@code spring.mail.host} is set (Boot then provides the sender), the outbox otherwise. */
@Configuration(proxyBeanMethods = false)
class MailerConfiguration {

    @Bean
    Mailer mailer(ObjectProvider<JavaMailSenderImpl> smtp, DigestProperties properties, DeliveryProperties delivery) {
        JavaMailSenderImpl sender = smtp.getIfAvailable();
        return sender != null ? new SmtpMailer(sender, delivery.endOfDataTimeout()) : new OutboxMailer(properties.outbox());
    }
}
