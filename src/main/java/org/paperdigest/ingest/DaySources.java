package org.paperdigest.ingest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.paperdigest.BadInputException;
import org.springframework.stereotype.Component;

/**
 * Reads a day's papers from its sources (files, http(s) URLs, or several of them), {@code {date}}
 * replaced by the issue date, and merges them: the same paper from two sources is listed once, where
 * the first source has it. A URL whose document is already stored for the day is read from H2, not fetched.
 */
@Component
public class DaySources {

    private final AbstractsReader files;
    private final SourceFetcher fetcher;
    private final PaperStore store;
    private final SourceProperties settings;

    DaySources(AbstractsReader files, SourceFetcher fetcher, PaperStore store, SourceProperties settings) {
        this.files = files;
        this.fetcher = fetcher;
        this.store = store;
        this.settings = settings;
    }

    public DayPapers read(LocalDate date, List<String> sources) {
        if (sources == null || sources.isEmpty() || sources.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new BadInputException("digest.abstracts is not set and no --abstracts was given");
        }
        List<Paper> papers = new ArrayList<>();
        List<SourceDocument> fetched = new ArrayList<>();
        for (String pattern : sources) {
            String source = pattern.strip().replace("{date}", date.toString());
            if (isUrl(source)) {
                SourceDocument document = store.fetched(date, source).orElseGet(() -> fetcher.fetch(source));
                papers.addAll(FetchedFormats.parse(document, settings.includeReplacements()));
                fetched.add(document);
            } else {
                papers.addAll(files.read(Path.of(source)));
            }
        }
        return new DayPapers(AbstractsReader.withoutDuplicates(papers), fetched);
    }

    /** The sources in one line for the job's parameters, whose column holds 2,500 characters. */
    public static String label(List<String> sources) {
        String all = String.join(" ", sources);
        return all.length() <= 2000 ? all : all.substring(0, 1997) + "...";
    }

    static boolean isUrl(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
