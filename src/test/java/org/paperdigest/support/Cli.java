package org.paperdigest.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.paperdigest.cli.PaperDigestCli;

/** Runs paper-digest commands in this JVM, each in a fresh Spring context, as the jar would. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    public static Result run(Map<String, String> settings, String... args) {
        List<String> all = new ArrayList<>();
        settings.forEach((name, value) -> all.add("--" + name + "=" + value));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaperDigestCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
