package org.paperdigest.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import org.paperdigest.H2FileUrl;
import org.paperdigest.delivery.DeliveryOutcome;
import org.paperdigest.delivery.DeliveryStatus;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The outcomes a running send has journaled but not yet recorded in the database (it records them once per
 * chunk), counted by status without touching the journal: the live part of a {@code status} during a send.
 * Only whole lines count; the one being written is still in flight.
 */
@Component
class JournalCounts {

    private final Path dir;

    JournalCounts(Environment environment) {
        H2FileUrl url = H2FileUrl.parse(environment.getProperty("spring.datasource.url"));
        this.dir = url == null ? null : url.beside(".journal");
    }

    Map<DeliveryStatus, Integer> of(LocalDate date) {
        Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
        if (dir == null || !Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                byte[] bytes = read(file);
                // whole records only: the last line may be the one being written
                for (int from = 0, to; (to = indexOf('\n', bytes, from)) >= 0; from = to + 1) {
                    try {
                        DeliveryOutcome outcome = DeliveryOutcome.fromRecord(bytes, from, to);
                        if (outcome.date().equals(date)) {
                            counts.merge(outcome.status(), 1, Integer::sum);
                        }
                    } catch (IllegalArgumentException damaged) {
                        // a live view: the next send reports a damaged record, with its line
                    }
                }
            }
        } catch (IOException e) {
            return counts; // a live view: a line it cannot read now is counted by the next status
        }
        return counts;
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException recordedMeanwhile) {
            return new byte[0];
        }
    }

    private static int indexOf(char c, byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
