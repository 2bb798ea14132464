package org.paperdigest.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperdigest.BadInputException;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.H2FileUrl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The folder that holds {@code config/}, {@code data/}, {@code outbox/} and {@code reports/}, given as
 * {@code --digest.home} or {@code PAPER_DIGEST_HOME}, so that cron and systemd need no {@code cd}: Boot reads
 * {@code HOME/config/application.yml} instead of the working directory's, and every relative path among the
 * settings (defaults included) means one under the home. Without one, paths are relative to the working
 * directory, as before.
 *
 * @param dir    the folder, absolute
 * @param source where it was given, for messages
 */
record Home(Path dir, String source) {

    static final String VARIABLE = "PAPER_DIGEST_HOME";
    private static final String KEY = "digest.home";
    private static final String OPTION = "--" + KEY + "=";
    private static final String DATASOURCE_URL = "spring.datasource.url";
    /** The settings that name a file or folder; the day's sources, a list of files or URLs, apart. */
    private static final List<String> PATHS = List.of("digest.subscribers-file", "digest.templates-dir",
            "digest.outbox", "digest.reports-dir");
    private static final String ABSTRACTS = "digest.abstracts";

    /**
     * Looks where a home can be given before the settings files are read, in Boot's order: the command line,
     * a system property, then the environment ({@code PAPER_DIGEST_HOME}, or {@code DIGEST_HOME} as Boot spells
     * {@code digest.home}).
     *
     * @return the home, or null when none is given
     */
    static Home find(List<String> settings, Map<String, String> environment) {
        String value = null;
        String source = null;
        for (String setting : settings) {
            if (setting.startsWith(OPTION)) {
                value = setting.substring(OPTION.length());
                source = "--" + KEY;
            }
        }
        if (value == null && System.getProperty(KEY) != null) {
            value = System.getProperty(KEY);
            source = "-D" + KEY;
        }
        for (String variable : List.of(VARIABLE, "DIGEST_HOME")) {
            if (value == null && environment.get(variable) != null) {
                value = environment.get(variable);
                source = variable;
            }
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Path dir = Path.of(value).toAbsolutePath().normalize();
            if (Files.isDirectory(dir)) {
                return new Home(dir, source);
            }
        } catch (InvalidPathException e) {
            // reported below, as for a missing folder
        }
        throw new BadInputException(source + "=" + value + ": no such folder (it should hold config/ and data/)");
    }

    /** Boot's own config locations, with the home in place of the working directory. */
    Map<String, Object> configLocation() {
        return Map.of("spring.config.location", "optional:classpath:/,optional:classpath:/config/,optional:file:"
                + dir + "/,optional:file:" + dir.resolve("config") + "/");
    }

    /**
     * Once the settings are read: refuses a {@code digest.home} that came from elsewhere than {@link #find}
     * looked (a settings file cannot say where the settings files are), and, with a home, puts the relative
     * paths among the settings, resolved against it, above every other source.
     */
    static void applyTo(Home home, ConfigurableEnvironment environment) {
        String configured = environment.getProperty(KEY);
        if (configured != null && !configured.isBlank() && (home == null || !home.dir().equals(absolute(configured)))) {
            throw new BadInputException(KEY + "=" + configured + " is set where it cannot apply (a settings file, "
                    + "or a second variable beside " + VARIABLE + "): it says where config/ is, so give it on the "
                    + "command line (" + OPTION + "...) or as " + VARIABLE);
        }
        if (home == null) {
            return;
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put(KEY, home.dir().toString());
        for (String key : PATHS) {
            String value = environment.getProperty(key);
            if (value != null && !value.isBlank() && !Path.of(value).isAbsolute()) {
                resolved.put(key, home.dir().resolve(value).normalize().toString());
            }
        }
        // one source or a list of them, each a file or a URL; a list is bound whole from one place, so all go
        List<String> sources = Binder.get(environment).bind(ABSTRACTS, Bindable.listOf(String.class))
                .orElse(List.of());
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            boolean file = !source.isBlank() && !DaySources.isUrl(source.strip()) && !Path.of(source).isAbsolute();
            resolved.put(ABSTRACTS + "[" + i + "]", file ? home.dir().resolve(source).normalize().toString() : source);
        }
        H2FileUrl url = H2FileUrl.parse(environment.getProperty(DATASOURCE_URL));
        if (url != null && url.relative()) {
            resolved.put(DATASOURCE_URL, url.under(home.dir()));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("paper-digest home " + home.dir(), resolved));
    }

    private static Path absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
