package org.paperdigest.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.paperdigest.Sha256;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.ingest.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The day's sources for its report, as the date's first run recorded them (a resume reads the papers from the
 * database, not the sources), each with the SHA-256 of its content: a URL's document as stored with the day's
 * papers, a file's bytes. A file is hashed once, by the first report of the date that finds it; later reports
 * keep that hash, since the file may have changed or gone by the time a run is resumed.
 */
@Component
class ReportSources {

    private static final Logger log = LoggerFactory.getLogger(ReportSources.class);

    private final PaperStore papers;

    ReportSources(PaperStore papers) {
        this.papers = papers;
    }

    /**
     * @param firstRun the date's first daily run, whose parameters name the sources it read
     * @param earlier  hashes of the date's earlier report, by source
     */
    List<RunReport.Source> of(LocalDate date, JobExecution firstRun, Map<String, String> earlier) {
        String label = firstRun.getJobParameters().getString(DailyDigestJobConfiguration.ABSTRACTS);
        if (label == null || label.isBlank()) {
            return List.of();
        }
        // The label is the sources joined by spaces (DaySources.label); a URL or path has none but in rare cases.
        List<String> sources = isOne(label) ? List.of(label) : Arrays.asList(label.split(" "));
        return sources.stream().map(s -> s.replace("{date}", date.toString()))
                .map(s -> new RunReport.Source(s, earlier.get(s) != null ? earlier.get(s) : sha256(date, s)))
                .toList();
    }

    private static boolean isOne(String label) {
        return !label.contains(" ") || !DaySources.isUrl(label) && Files.isRegularFile(Path.of(label));
    }

    private String sha256(LocalDate date, String source) {
        if (DaySources.isUrl(source)) {
            return papers.fetched(date, source)
                    .map(document -> HexFormat.of()
                            .formatHex(Sha256.newDigest().digest(document.body().getBytes(StandardCharsets.UTF_8))))
                    .orElse(null);
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            return null; // gone since the day was loaded, or cut short in the label (a resume needs it no more)
        }
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            log.warn("the run report gives no hash of {}: {}", file, e.toString());
            return null;
        }
    }
}
