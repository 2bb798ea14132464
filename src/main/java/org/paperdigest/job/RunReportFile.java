package org.paperdigest.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.paperdigest.AtomicFile;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.delivery.DeliveryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code reports-dir/<issue-date>.json} at the end of every run of a date (completed, failed or stopped;
 * {@code send}, {@code schedule}'s runs and {@code resend-failed}), replacing the date's earlier report: it is
 * built from the same {@link RunSummary} as the summary the command prints.
 */
@Component
class RunReportFile implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunReportFile.class);

    private final RunReports reports;
    private final RunStatus runs;
    private final ReportSources sources;
    private final DeliveryStore deliveries;
    private final Path reportsDir;

    RunReportFile(RunReports reports, RunStatus runs, ReportSources sources, DeliveryStore deliveries,
            DigestProperties properties) {
        this.reports = reports;
        this.runs = runs;
        this.sources = sources;
        this.deliveries = deliveries;
        this.reportsDir = properties.reportsDir();
    }

    /** Batch calls it once the run's end is in the job repository. */
    @Override
    public void afterJob(JobExecution execution) {
        LocalDate date = execution.getJobParameters().getLocalDate(DailyDigestJobConfiguration.ISSUE_DATE);
        Path file = file(date);
        try {
            write(file, report(date, execution, file));
        } catch (RuntimeException e) {
            // The deliveries are recorded whatever becomes of their report: warn, do not fail the run. Any
            // failure, not only the file's: Spring Batch, whose log is off, would drop it unseen.
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            log.warn("cannot write the run report {}: {}", file, OneLine.withSuppressed(cause));
        }
    }

    private Path file(LocalDate date) {
        return reportsDir.resolve(date + ".json");
    }

    private RunReport report(LocalDate date, JobExecution execution, Path file) {
        RunSummary summary = reports.summarize(date, execution);
        List<JobExecution> daily = runs.executions(date); // a resend-failed run is not one of them
        List<RunReport.Source> inputs = daily.isEmpty() ? List.of()
                : sources.of(date, daily.get(0), earlierHashes(file));
        return RunReport.of(execution, summary, RunReports.considered(daily).noMatch(), inputs,
                deliveries.countSuppressedSkipped(date));
    }

    /** The hashes of the date's earlier report; none when there is none, or it cannot be read. */
    private Map<String, String> earlierHashes(Path file) {
        Map<String, String> hashes = new HashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                // As a tree, not the record: a report written by an earlier version may lack a field or have another.
                for (JsonNode source : JsonMapper.shared().readTree(file).path("sources")) {
                    if (source.path("source").isString() && source.path("sha256").isString()) {
                        hashes.put(source.get("source").asString(), source.get("sha256").asString());
                    }
                }
            } catch (JacksonException e) {
                log.warn("the earlier run report {} cannot be read, so its sources are hashed again: {}", file,
                        e.getOriginalMessage());
            }
        }
        return hashes;
    }

    /** As a whole, over the earlier report. */
    private static void write(Path file, RunReport report) {
        try {
            AtomicFile.write(file, JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
