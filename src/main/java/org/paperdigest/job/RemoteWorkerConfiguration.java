package org.paperdigest.job;

import javax.sql.DataSource;

import jakarta.jms.ConnectionFactory;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryProperties;
import org.paperdigest.delivery.DeliveryWriter;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.delivery.StopRequest;
import org.paperdigest.remote.PartitionQueue;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilderFactory;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The context of {@code paper-digest worker}, a child of the command's: it takes partition requests from the broker
 * and runs each as the {@code sendDigestRange} step, with the same reader, processor and writer beans as the
 * one-machine send (from the parent context). Not a {@code @Configuration}: component scanning must not find it,
 * {@link RemoteWorker} registers it.
 */
@EnableBatchIntegration
@EnableIntegration
class RemoteWorkerConfiguration {

    @Bean
    ConnectionFactory partitionBroker(Environment environment) {
        return PartitionQueue.connectionFactory(environment);
    }

    @Bean
    InFlightPartitions inFlightPartitions() {
        return new InFlightPartitions();
    }

    /** One worker at a time per partition: taken before the step reads, held until it has ended. */
    @Bean
    PartitionLease partitionLease(DataSource dataSource, StopRequest stop) {
        return new PartitionLease(dataSource, stop, System.out);
    }

    @Bean
    DirectChannel partitionRequests(InFlightPartitions inFlightPartitions) {
        DirectChannel channel = new DirectChannel();
        channel.addInterceptor(inFlightPartitions);
        return channel;
    }

    /**
     * One consumer per SMTP connection (digest.delivery.connections), each running one partition at a time. The
     * session is transacted: a request is acknowledged when its partition has ended, so the broker gives the
     * request of a worker that died to another one, which resumes the partition from its last committed chunk
     * (the delivery record keeps anyone from getting the digest twice). A request whose execution or run has
     * ended meanwhile is dropped ({@link EndedPartitionRequests}).
     */
    @Bean
    IntegrationFlow partitionRequestsFromBroker(ConnectionFactory partitionBroker, DirectChannel partitionRequests,
            DeliveryProperties delivery, JdbcClient jdbc) {
        return IntegrationFlow.from(Jms.messageDrivenChannelAdapter(Jms.container(partitionBroker, PartitionQueue.NAME)
                        .concurrentConsumers(delivery.connections())
                        .sessionTransacted(true)))
                .filter(StepExecutionRequest.class, new EndedPartitionRequests(jdbc, System.out),
                        dropped -> dropped.discardChannel("nullChannel")) // said in one line, not logged again
                .channel(partitionRequests)
                .get();
    }

    /**
     * Named as the parent's step so that the request handler, which looks the step up by name in this context,
     * runs this one; chunk(n) with the transaction manager, so items and the repository's updates commit together.
     * The lease is a step listener: AbstractStep calls beforeStep before it opens the reader.
     */
    @Bean
    Step sendDigestRange(RemotePartitioningWorkerStepBuilderFactory workers, DirectChannel partitionRequests,
            PlatformTransactionManager transactions, JdbcPagingItemReader<Subscriber> subscribersToSend,
            ItemProcessor<Subscriber, PendingDigest> digestProcessor, DeliveryWriter deliveryWriter,
            DigestProperties properties, PartitionLease partitionLease) {
        return workers.get(DailyDigestJobConfiguration.SEND_RANGE_STEP)
                .inputChannel(partitionRequests)
                .<Subscriber, PendingDigest>chunk(properties.chunkSize())
                .transactionManager(transactions)
                .reader(subscribersToSend)
                .processor(digestProcessor)
                .writer(deliveryWriter)
                .listener(partitionLease)
                .build();
    }
}
