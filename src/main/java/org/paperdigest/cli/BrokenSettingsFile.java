package org.paperdigest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import org.paperdigest.ingest.AbstractsReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Names the settings file that stopped the start: Boot's loader reports the parser's problem, but not which file it is
 * in. It is the first of the settings files Boot reads here (in {@code config/} and beside it, under the home when
 * there is one) that SnakeYAML, read as Boot reads it (UTF-8, no duplicate keys), refuses too.
 */
final class BrokenSettingsFile {

    private BrokenSettingsFile() {
    }

    /** The file and what is wrong with it, or null when none of these files is at fault. */
    static String describe(Home home) {
        Path base = home == null ? Path.of("") : home.dir();
        for (Path dir : List.of(base.resolve("config"), base)) {
            try (Stream<Path> files = Files.list(dir.toAbsolutePath())) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml"))
                        .sorted().toList()) {
                    String problem = problem(file, home == null ? Path.of("").toAbsolutePath().relativize(file) : file);
                    if (problem != null) {
                        return problem;
                    }
                }
            } catch (IOException e) {
                // no such folder here: Boot read none from it either
            }
        }
        return null;
    }

    /** Where and what is wrong with the file, or null when SnakeYAML reads it. */
    private static String problem(Path file, Path name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            new Yaml(options).loadAll(AbstractsReader.decode(name.toString(), Files.readAllBytes(file)))
                    .forEach(document -> { });
            return null;
        } catch (BadInputException e) {
            return e.getMessage(); // not UTF-8, with the line
        } catch (MarkedYAMLException e) {
            return name + ":" + (e.getProblemMark().getLine() + 1) + ": invalid YAML: "
                    + OneLine.of((e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem());
        } catch (YAMLException | IOException e) {
            return name + ": cannot read the settings file (" + OneLine.ofFailure(e) + ")";
        }
    }
}
