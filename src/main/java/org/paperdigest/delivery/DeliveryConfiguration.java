package org.paperdigest.delivery;

import org.paperdigest.DigestProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The mailer, and the pool that builds messages ahead of the connections that send them. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    /** SMTP when {@code spring.mail.host} is set (Boot then provides the sender), the outbox otherwise. */
    @Bean
    Mailer mailer(ObjectProvider<JavaMailSenderImpl> smtp, DigestProperties properties, DeliveryProperties delivery) {
        JavaMailSenderImpl sender = smtp.getIfAvailable();
        return sender != null ? new SmtpMailer(sender, delivery.endOfDataTimeout()) : new OutboxMailer(properties.outbox());
    }

    /** The run's metrics, kept in Prometheus' format: they are written to a file, or scraped. */
    @Bean
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * One thread per core, shared by all connections: rendering and building is CPU work, and a sending
     * thread waits on its relay meanwhile. Daemon threads: a message being built never holds up the exit.
     */
    @Bean
    ThreadPoolTaskExecutor messagePreparationPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(cores);
        pool.setMaxPoolSize(cores);
        pool.setThreadNamePrefix("prepare-");
        pool.setDaemon(true);
        return pool;
    }
}
