package org.paperdigest.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.paperdigest.H2FileUrl;
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

    private static final Set<String> STATUSES = Arrays.stream(DeliveryStatus.values()).map(Enum::name)
            .collect(Collectors.toSet());

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
        String day = date.toString();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                String text = read(file);
                int end = text.lastIndexOf('\n');
                for (String line : end < 0 ? new String[0] : text.substring(0, end).split("\n")) {
                    // J3 (or J2), date, subscriber id, email, Message-ID, status, ... (the first format has no mark)
                    String[] f = line.split("\t", 8);
                    int at = f[0].startsWith("J") ? 1 : 0;
                    if (f.length > at + 4 && f[at].equals(day) && STATUSES.contains(f[at + 4])) {
                        counts.merge(DeliveryStatus.valueOf(f[at + 4]), 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            return counts; // a live view: a line it cannot read now is counted by the next status
        }
        return counts;
    }

    private static String read(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException recordedMeanwhile) {
            return "";
        }
    }
}
