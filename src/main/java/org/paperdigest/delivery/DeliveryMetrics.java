package org.paperdigest.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.paperdigest.AtomicFile;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The counters and timers of this process's runs, in Micrometer: messages by outcome, the relay's time per
 * message, the time per chunk, and Spring Batch's own job and step timers ({@link #observations}), all in one
 * registry. {@link #writeFile} puts them where node_exporter's textfile collector reads them; the HTTP server
 * of {@code schedule} and {@code serve} answers them at {@code /actuator/prometheus}.
 */
@Component
public class DeliveryMetrics implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMetrics.class);

    static final String FILE = "paper_digest.prom";
    private static final String ITEM_OBSERVATIONS = "spring.batch.item.";

    private final PrometheusMeterRegistry registry;
    private final Path reportsDir;
    private final Map<DeliveryStatus, Counter> messages = new EnumMap<>(DeliveryStatus.class);
    private final Timer smtpSend;
    private final Timer chunk;
    private final ObservationRegistry observations = ObservationRegistry.create();

    DeliveryMetrics(PrometheusMeterRegistry registry, DigestProperties properties) {
        this.registry = registry;
        this.reportsDir = properties.reportsDir();
        // Batch's observations become timers here (spring_batch_job_seconds, spring_batch_step_seconds, ...).
        // A chunk step also observes each item read and processed: per message, so those are off here, and the
        // send's worker steps are not given this registry at all (see DailyDigestJobConfiguration).
        observations.observationConfig()
                .observationPredicate((name, context) -> !name.startsWith(ITEM_OBSERVATIONS))
                .observationHandler(new DefaultMeterObservationHandler(registry));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            messages.put(status, Counter.builder("paper_digest.messages")
                    .description("Digests by outcome: delivered, failed, bounced, or unknown after the final dot")
                    .tag("outcome", status.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        smtpSend = Timer.builder("paper_digest.smtp.send").description("The relay's time to take one message")
                .register(registry);
        chunk = Timer.builder("paper_digest.chunk").description("The time to send and record one chunk")
                .register(registry);
    }

    void outcome(DeliveryStatus status) {
        messages.get(status).increment();
    }

    Timer smtpSend() {
        return smtpSend;
    }

    Timer chunk() {
        return chunk;
    }

    /** What the jobs and steps are built with ({@code .observationRegistry(...)}) to report into this registry. */
    public ObservationRegistry observations() {
        return observations;
    }

    /** At the end of every run, completed or not: the file then holds this process's runs so far. */
    @Override
    public void afterJob(JobExecution execution) {
        try {
            writeFile();
        } catch (UncheckedIOException e) {
            // the deliveries are recorded whatever becomes of their metrics: warn, do not fail the run
            log.warn("{}: {}", e.getMessage(), OneLine.withSuppressed(e.getCause()));
        }
    }

    /** Writes the metrics to {@code reports-dir/paper_digest.prom} at once, as a whole (AtomicFile). */
    public void writeFile() {
        try {
            AtomicFile.write(reportsDir.resolve(FILE), registry.scrape().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics to " + reportsDir.resolve(FILE), e);
        }
    }
}
