package org.paperdigest.job;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryJournal;
import org.paperdigest.delivery.DeliveryMetrics;
import org.paperdigest.delivery.DeliveryProperties;
import org.paperdigest.delivery.DeliveryStore;
import org.paperdigest.delivery.DeliveryWriter;
import org.paperdigest.delivery.FailureBudget;
import org.paperdigest.delivery.Mailer;
import org.paperdigest.delivery.MessagePreparation;
import org.paperdigest.delivery.PendingDigest;
import org.paperdigest.delivery.SendRate;
import org.paperdigest.delivery.StopRequest;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.subscribers.SubscriberRowMapper;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.PagingQueryProvider;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.item.database.support.SqlPagingQueryProviderFactoryBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The daily digest job for one issue date: match, render and send in chunks of subscribers read in id order,
 * partitioned by id range.
 */
@Configuration(proxyBeanMethods = false)
class DailyDigestJobConfiguration {

    static final String JOB_NAME = "dailyDigest";
    static final String ISSUE_DATE = "issueDate";
    static final String ABSTRACTS = "abstracts";
    static final String SEND_STEP = "sendDigests";
    static final String SEND_RANGE_STEP = "sendDigestRange";
    /** What the sync before the job did (see {@link DigestRuns#send}); absent when a run is resumed. */
    static final String SYNC_TOTALS = "syncTotals";
    /** Where the run sends (outbox folder or smtp://host:port): its summary reports this, not the current settings. */
    static final String DESTINATION = "destination";

    /** The papers are loaded and the subscribers synced before the job starts (see {@link DigestRuns#send}). */
    @Bean
    Job dailyDigestJob(JobRepository jobRepository, Step sendDigests, DeliveryMetrics metrics, RunReportFile report,
            RunProgress progress) {
        return new JobBuilder(JOB_NAME, jobRepository).observationRegistry(metrics.observations()).listener(metrics)
                .listener(report).listener(progress).start(sendDigests).build();
    }

    /**
     * The send step, partitioned by subscriber id range: one worker per SMTP connection, each
     * reusing its connection for many messages, each restartable on its own. With digest.remote.enabled the
     * manager's step of that name takes its place ({@link RemotePartitioningConfiguration}).
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "digest.remote.enabled", havingValue = false, matchIfMissing = true)
    Step sendDigests(JobRepository jobRepository, Step sendDigestRange, JdbcClient jdbc, DeliveryProperties delivery,
            DeliveryMetrics metrics) {
        SimpleAsyncTaskExecutor workers = new SimpleAsyncTaskExecutor("send-");
        workers.setConcurrencyLimit(delivery.connections());
        return new StepBuilder(SEND_STEP, jobRepository)
                .observationRegistry(metrics.observations())
                .partitioner(SEND_RANGE_STEP, new SubscriberIdRangePartitioner(jdbc))
                .step(sendDigestRange)
                .gridSize(delivery.connections())
                .taskExecutor(workers)
                .build();
    }

    @Bean
    Step sendDigestRange(JobRepository jobRepository, PlatformTransactionManager transactions,
            JdbcPagingItemReader<Subscriber> subscribersToSend, ItemProcessor<Subscriber, PendingDigest> digestProcessor,
            DeliveryWriter deliveryWriter, DigestProperties properties) {
        // Not observed: a chunk step with an observation registry makes an observation context per item read
        // and processed, work per message; the partitioning step above times the send as a whole.
        return digestStep(SEND_RANGE_STEP, jobRepository, transactions, subscribersToSend, digestProcessor,
                deliveryWriter, properties.chunkSize(), ObservationRegistry.NOOP);
    }

    /** A chunk step that matches, renders and sends the digests of the subscribers the reader gives. */
    static Step digestStep(String name, JobRepository jobRepository, PlatformTransactionManager transactions,
            JdbcPagingItemReader<Subscriber> reader, ItemProcessor<Subscriber, PendingDigest> processor,
            DeliveryWriter writer, int chunkSize, ObservationRegistry observations) {
        return new StepBuilder(name, jobRepository)
                .observationRegistry(observations)
                .<Subscriber, PendingDigest>chunk(chunkSize)
                .transactionManager(transactions)
                .reader(reader)
                .processor(processor)
                .writer(writer)
                .build();
    }

    /**
     * Active, unsuppressed subscribers of one id range still owed the date's digest, in id order.
     * The reader's restart state is the last id of the last committed chunk, so a resumed run picks
     * up right after it.
     */
    @Bean
    @StepScope
    JdbcPagingItemReader<Subscriber> subscribersToSend(DataSource dataSource, DigestProperties properties,
            @Value("#{jobParameters['" + ISSUE_DATE + "']}") LocalDate date,
            @Value("#{stepExecutionContext['" + SubscriberIdRangePartitioner.MIN_ID + "']}") long minId,
            @Value("#{stepExecutionContext['" + SubscriberIdRangePartitioner.MAX_ID + "']}") long maxId)
            throws Exception {
        return subscriberReader("subscribersToSend", dataSource, Map.of("date", date, "minId", minId, "maxId", maxId,
                "weekday", weekday(date)), properties.chunkSize(), SEND_CONDITION);
    }

    /** Subscribers who may get a digest at all: active and not suppressed. */
    static final String READABLE = "active = TRUE AND email_key NOT IN (SELECT email_key FROM suppression)";

    /**
     * Of those, the ones the date's send still owes a digest: daily readers and weekly ones whose weekday
     * ({@code :weekday}, see {@link #weekday}) it is, less those done for {@code :date}: delivered, bounced,
     * or of unknown outcome after its one more try (a resume must not send another copy).
     */
    static final String OWED = """
                (weekday IS NULL OR weekday = :weekday) AND NOT EXISTS (SELECT 1 FROM delivery d
                  WHERE d.issue_date = :date AND d.subscriber_id = subscriber.id AND """ + DeliveryStore.FINISHED + ")";

    /** The send reader's condition: one partition's id range of the readers still owed the date's digest. */
    static final String SEND_CONDITION = "id BETWEEN :minId AND :maxId AND " + OWED;

    /** The date's weekday as the subscriber table spells a weekly reader's. */
    static String weekday(LocalDate date) {
        return date.getDayOfWeek().name().toLowerCase(Locale.ROOT);
    }

    /** Subscribers in id order: active, not suppressed, and meeting {@code condition}. */
    static JdbcPagingItemReader<Subscriber> subscriberReader(String name, DataSource dataSource,
            Map<String, Object> parameters, int pageSize, String condition) throws Exception {
        return new JdbcPagingItemReaderBuilder<Subscriber>()
                .name(name)
                .dataSource(dataSource)
                .queryProvider(subscriberQuery(dataSource, condition))
                .parameterValues(parameters)
                .rowMapper(new SubscriberRowMapper())
                .pageSize(pageSize)
                .build();
    }

    /** The reader's query, in the database's own dialect of paging; a test checks H2's plan for it. */
    static PagingQueryProvider subscriberQuery(DataSource dataSource, String condition) throws Exception {
        SqlPagingQueryProviderFactoryBean query = new SqlPagingQueryProviderFactoryBean();
        query.setDataSource(dataSource);
        query.setSelectClause("SELECT " + SubscriberRowMapper.COLUMNS);
        query.setFromClause("FROM subscriber");
        query.setWhereClause("WHERE " + READABLE + " AND " + condition);
        query.setSortKeys(Map.of("id", Order.ASCENDING));
        return query.getObject();
    }

    @Bean
    @JobScope
    RunPapers runPapers(DigestPipeline pipeline, @Value("#{jobParameters['" + ISSUE_DATE + "']}") LocalDate date) {
        return new RunPapers(pipeline, date);
    }

    @Bean
    @StepScope
    ItemProcessor<Subscriber, PendingDigest> digestProcessor(DigestPipeline pipeline, RunPapers runPapers,
            @Value("#{jobParameters['" + ISSUE_DATE + "']}") LocalDate date,
            @Value("#{stepExecution}") StepExecution step) {
        RunPapers papers = ofTheRun(step, runPapers);
        return subscriber -> pipeline.pending(date, papers.of(subscriber.weeklyOn() != null), subscriber);
    }

    @Bean
    @StepScope
    DeliveryWriter deliveryWriter(Mailer mailer, MessagePreparation preparation, DeliveryStore deliveries,
            DeliveryJournal journal, SendRate rate, FailureBudget failureBudget, DeliveryProperties delivery,
            DeliveryMetrics metrics, StopRequest stop, @Value("#{stepExecution}") StepExecution step) {
        return new DeliveryWriter(mailer, preparation, deliveries, journal, rate, ofTheRun(step, failureBudget),
                delivery, metrics, stop);
    }

    /**
     * The run's own instance of a job-scoped bean, looked up once by a step's bean and held: Batch binds a job's
     * context to the job's thread only (its reference advises against job scope in partitioned steps for that
     * reason), so a partition, on a thread of its own or a remote worker, binds it for the lookup. Releasing it
     * runs the context's destruction callbacks, so the run's beans hold nothing to close. A remote worker runs no
     * job, so there the context lasts for the lookup alone, and each partition has instances of its own.
     */
    @SuppressWarnings("unchecked")
    static <T> T ofTheRun(StepExecution step, T jobScoped) {
        JobSynchronizationManager.register(step.getJobExecution());
        try {
            return (T) ((ScopedObject) jobScoped).getTargetObject();
        } finally {
            JobSynchronizationManager.release();
        }
    }
}
