package org.paperdigest.ingest;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.springframework.stereotype.Component;

/**
 * Reads a day's papers from its sources (files, http(s) URLs, or several of them), {@code {date}}
 * replaced by the issue date, and merges them: the same paper from two sources is listed once, where
 * the first source has it. A URL whose document is already stored for the day is read from H2, not fetched.
 */
@Component
public class DaySources {

    private static final String NO_SOURCE = "digest.abstracts is not set and no --abstracts was given";

    private final AbstractsReader files;
    private final SourceFetcher fetcher;
    private final PaperStore store;
    private final SourceProperties settings;
    private final DigestProperties properties;

    DaySources(AbstractsReader files, SourceFetcher fetcher, PaperStore store, SourceProperties settings,
            DigestProperties properties) {
        this.files = files;
        this.fetcher = fetcher;
        this.store = store;
        this.settings = settings;
        this.properties = properties;
    }

    /** The day's sources: those given on the command line as they are, else digest.abstracts, {date} replaced. */
    public List<String> sourcesFor(LocalDate date, List<String> given) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        List<String> patterns = properties.abstracts();
        if (patterns == null || patterns.stream().allMatch(p -> p == null || p.isBlank())) {
            throw new BadInputException(NO_SOURCE);
        }
        return patterns.stream().filter(p -> p != null && !p.isBlank())
                .map(p -> p.strip().replace("{date}", date.toString())).toList();
    }

    /**
     * The issue date of a command given none: the day its sources say they are of, when they say it and have no
     * {@code {date}} in them (the shipped sample says "Jul 29"), else today.
     */
    public LocalDate issueDate(List<String> given, LocalDate today) {
        List<String> sources = given != null && !given.isEmpty() ? given : properties.abstracts();
        return listedIssueDate(sources, today).orElse(today);
    }

    /**
     * @param anyDay true to take a list that says it is of another day than {@code date}; false refuses it
     */
    public DayPapers read(LocalDate date, List<String> sources, boolean anyDay) {
        if (sources == null || sources.isEmpty() || sources.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new BadInputException(NO_SOURCE);
        }
        List<Paper> papers = new ArrayList<>();
        List<SourceDocument> fetched = new ArrayList<>();
        for (String pattern : sources) {
            String source = pattern.strip().replace("{date}", date.toString());
            Listing listing;
            if (isUrl(source)) {
                StoredSizes.requireStorableSource(source, null);
                SourceDocument document = store.fetched(date, source).orElseGet(() -> fetcher.fetch(source));
                StoredSizes.requireStorableSource(source, document.contentType());
                listing = FetchedFormats.parse(document, settings.includeReplacements());
                fetched.add(document);
            } else {
                listing = files.listing(Path.of(source));
            }
            if (!anyDay && listing.day() != null && !listing.day().matches(date)) {
                throw new BadInputException(source + ": the list is of " + listing.day() + ", not of the issue date "
                        + date + "; run 'send --date " + listing.day().issueDate(date) + "', or add "
                        + "--allow-date-mismatch to send it as " + date);
            }
            StoredSizes.requireStorable(source, listing.papers());
            papers.addAll(listing.papers());
        }
        return new DayPapers(AbstractsReader.withoutDuplicates(papers), fetched);
    }

    private Optional<LocalDate> listedIssueDate(List<String> sources, LocalDate today) {
        if (sources == null || sources.isEmpty() || sources.stream().anyMatch(s -> s == null || s.contains("{date}"))) {
            return Optional.empty();
        }
        for (String source : sources) {
            if (!isUrl(source.strip())) {
                ListedDay day = files.listing(Path.of(source.strip())).day();
                if (day != null) {
                    return Optional.of(day.issueDate(today));
                }
            }
        }
        return Optional.empty();
    }

    /** The sources in one line for the job's parameters, whose column holds 2,500 characters. */
    public static String label(List<String> sources) {
        String all = String.join(" ", sources);
        return all.length() <= 2000 ? all : all.substring(0, 1997) + "...";
    }

    /** Whether a source is fetched (an http(s) URL) rather than read as a file. */
    public static boolean isUrl(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
