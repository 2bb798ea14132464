package org.paperdigest.job;

import java.time.LocalDate;
import java.util.Map;

import javax.sql.DataSource;

import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryWriter;
import org.paperdigest.delivery.DeliveryMetrics;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Tries again the deliveries of a date that ended failed for a temporary reason. Delivered and
 * bounced ones are never touched. Each run is a new job instance (its start time identifies it).
 */
@Configuration(proxyBeanMethods = false)
class ResendFailedJobConfiguration {

    static final String JOB_NAME = "resendFailed";
    static final String REQUESTED_AT = "requestedAt";
    static final String STEP_NAME = "resendFailed";

    @Bean
    Job resendFailedJob(JobRepository jobRepository, Step resendFailed, DeliveryMetrics metrics,
            RunReportFile report) {
        return new JobBuilder(JOB_NAME, jobRepository).observationRegistry(metrics.observations()).listener(metrics)
                .listener(report).start(resendFailed).build();
    }

    @Bean
    Step resendFailed(JobRepository jobRepository, PlatformTransactionManager transactions,
            JdbcPagingItemReader<Subscriber> subscribersWithFailedDelivery,
            ItemProcessor<Subscriber, PendingDigest> digestProcessor,
            DeliveryWriter deliveryWriter, DigestProperties properties, DeliveryMetrics metrics) {
        // observed, unlike the daily send's workers: its step is the only one, and it sends only the failures
        return DailyDigestJobConfiguration.digestStep(STEP_NAME, jobRepository, transactions,
                subscribersWithFailedDelivery, digestProcessor, deliveryWriter, properties.chunkSize(),
                metrics.observations());
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<Subscriber> subscribersWithFailedDelivery(DataSource dataSource, DigestProperties properties,
            @Value("#{jobParameters['" + DailyDigestJobConfiguration.ISSUE_DATE + "']}") LocalDate date)
            throws Exception {
        return DailyDigestJobConfiguration.subscriberReader("subscribersWithFailedDelivery", dataSource,
                Map.of("date", date), properties.chunkSize(), """
                EXISTS (SELECT 1 FROM delivery d WHERE d.issue_date = :date
                  AND d.subscriber_id = subscriber.id AND d.status = 'FAILED')""");
    }
}
