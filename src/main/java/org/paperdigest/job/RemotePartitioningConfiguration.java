package org.paperdigest.job;

import jakarta.jms.ConnectionFactory;
import org.paperdigest.remote.PartitionQueue;
import org.paperdigest.remote.RemoteProperties;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code digest.remote.enabled=true}: the manager side of a send spread over machines. The same job, but its
 * {@code sendDigests} step sends the id ranges as requests over the broker to the {@code worker} processes and
 * polls the shared job repository until every partition has ended. Only loaded in that mode, so the one-machine
 * send starts no Spring Integration and no JMS client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("digest.remote.enabled")
@EnableBatchIntegration
@EnableIntegration
class RemotePartitioningConfiguration {

    /** Before any bean opens the database: the H2 file cannot be shared with workers (exit 2, one line). */
    @Bean
    static BeanFactoryPostProcessor sharedDatabaseRequired(Environment environment) {
        return beanFactory -> PartitionQueue.requireSharedDatabase("digest.remote.enabled", environment);
    }

    @Bean
    ConnectionFactory partitionBroker(Environment environment) {
        return PartitionQueue.connectionFactory(environment);
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, ConnectionFactory partitionBroker) {
        return IntegrationFlow.from(partitionRequests)
                .handle(Jms.outboundAdapter(partitionBroker).destination(PartitionQueue.NAME))
                .get();
    }

    /** Replaces the local {@code sendDigests} (see {@link DailyDigestJobConfiguration}): same name, same ranges. */
    @Bean
    Step sendDigests(RemotePartitioningManagerStepBuilderFactory managers, DirectChannel partitionRequests,
            JdbcClient jdbc, RemoteProperties remote) {
        return managers.get(DailyDigestJobConfiguration.SEND_STEP)
                .partitioner(DailyDigestJobConfiguration.SEND_RANGE_STEP, new SubscriberIdRangePartitioner(jdbc))
                .gridSize(remote.partitions())
                .outputChannel(partitionRequests)
                .pollInterval(remote.pollInterval().toMillis())
                .timeout(remote.timeout().toMillis())
                .build();
    }
}
