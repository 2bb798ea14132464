package org.paperdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/**
 * The working directory: commands that only read the database do not create one where there is none, and a
 * home (--digest.home, PAPER_DIGEST_HOME) holds config/, data/ and outbox/ wherever the command runs.
 */
class HomeTest {

    @TempDir
    Path dir;

    @Test
    void commandsThatReadTheDatabaseSayThereIsNoneAndCreateNothing() {
        Workspace workspace = new Workspace(dir).subscribers(CommandsTest.TWO);
        Path file = dir.resolve("db/paper-digest.mv.db");
        List<List<String>> commands = List.of(List.of("status"), List.of("status", "--date", Workspace.SAMPLE_DATE),
                List.of("preview", "--email", "ada@example.org", "--date", Workspace.SAMPLE_DATE),
                List.of("resend-failed", "--date", Workspace.SAMPLE_DATE),
                List.of("subscribers", "unsuppress", "ada@example.org"));
        for (List<String> command : commands) {
            Cli.Result result = workspace.run(command.toArray(String[]::new));

            String name = command.get(0).equals("subscribers") ? "subscribers unsuppress" : command.get(0);
            assertThat(result.exitCode()).as(command.toString()).isEqualTo(2);
            assertThat(result.errLines()).as(command.toString()).containsExactly("paper-digest: no database at " + file
                    + " (spring.datasource.url): '" + name + "' needs the one 'send' or 'subscribers sync' made. Run it "
                    + "from the folder that holds data/, or set PAPER_DIGEST_HOME to that folder");
        }
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void aBadSettingIsReportedBeforeTheMissingDatabase() {
        Cli.Result result = new Workspace(dir).run("status", "--digest.chunk-sise=10");

        assertThat(result.errLines()).containsExactly(
                "paper-digest: unknown setting digest.chunk-sise (command line); did you mean digest.chunk-size?");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void aHomeHoldsTheSettingsTheDatabaseAndTheOutboxWhateverTheWorkingDirectory() throws Exception {
        Path home = home();

        Result send = run(Map.of(), "--digest.home=" + home, "send", "--date", Workspace.SAMPLE_DATE);

        assertThat(send.exitCode()).as(send.err()).isZero();
        Path day = home.resolve("outbox").resolve(Workspace.SAMPLE_DATE);
        assertThat(send.out()).contains("messages to  " + day);
        assertThat(Files.readString(day.resolve("ada@example.org.eml"))).contains("From: Home Digest <home@example.org>");
        assertThat(home.resolve("data/paper-digest.mv.db")).exists();

        Result status = run(Map.of("PAPER_DIGEST_HOME", home.toString()), "status", "--date", Workspace.SAMPLE_DATE);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("issue 2025-07-29: COMPLETED", "2 delivered, 0 failed, 0 bounced");
    }

    @Test
    void aHomeResolvesEachFileSourceOfTheDayAndLeavesUrlsAsTheyAre() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "digest.abstracts[0]", "days/{date}.txt",
                "digest.abstracts[1]", "https://huggingface.co/api/daily_papers?date={date}",
                "digest.subscribers-file", "config/subscribers.yml")));
        Files.createDirectories(dir.resolve("home"));

        Home.applyTo(Home.find(List.of("--digest.home=" + dir.resolve("home")), Map.of()), environment);

        assertThat(Binder.get(environment).bind("digest.abstracts", Bindable.listOf(String.class)).get())
                .containsExactly(dir.resolve("home/days/{date}.txt").toString(),
                        "https://huggingface.co/api/daily_papers?date={date}");
        assertThat(environment.getProperty("digest.subscribers-file"))
                .isEqualTo(dir.resolve("home/config/subscribers.yml").toString());
    }

    @Test
    void theCommandLineWinsOverPaperDigestHomeAndAMissingHomeIsOneLine() throws Exception {
        Path home = home();

        Result status = run(Map.of("PAPER_DIGEST_HOME", dir.resolve("elsewhere").toString()), "--digest.home=" + home,
                "status");
        Result missing = run(Map.of("PAPER_DIGEST_HOME", dir.resolve("elsewhere").toString()), "status");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).startsWith("paper-digest: no database at " + home.resolve("data/paper-digest.mv.db"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().lines()).containsExactly("paper-digest: PAPER_DIGEST_HOME=" + dir.resolve("elsewhere")
                + ": no such folder (it should hold config/ and data/)");
    }

    @Test
    void digestHomeInASettingsFileIsRefusedSinceItSaysWhereTheSettingsFilesAre() throws Exception {
        Path home = home();
        Files.writeString(home.resolve("config/application.yml"), "digest:\n  home: /srv/paper-digest\n");

        Result result = run(Map.of("PAPER_DIGEST_HOME", home.toString()), "send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).containsExactly("paper-digest: digest.home=/srv/paper-digest is set where it "
                + "cannot apply (a settings file, or a second variable beside PAPER_DIGEST_HOME): it says where config/ "
                + "is, so give it on the command line (--digest.home=...) or as PAPER_DIGEST_HOME");
        assertThat(home.resolve("data")).doesNotExist();
    }

    @Test
    void aSettingsFileThatIsNotValidYamlIsOneLineNamingItsFileAndLine() throws Exception {
        Path home = home();
        Path settings = home.resolve("config/application.yml");
        Files.writeString(settings, "digest:\n  zone: UTC\n  zone: Europe/Paris\n");
        Result duplicate = run(Map.of("PAPER_DIGEST_HOME", home.toString()), "send", "--date", Workspace.SAMPLE_DATE);
        Files.writeString(settings, "digest:\n  chunk-size: [1000\n  zone: UTC\n");
        Result unclosed = run(Map.of("PAPER_DIGEST_HOME", home.toString()), "status");

        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.out()).isEmpty();
        assertThat(duplicate.err().lines()).containsExactly("paper-digest: " + settings
                + ":3: invalid YAML: while constructing a mapping, found duplicate key zone");
        assertThat(unclosed.exitCode()).isEqualTo(2);
        assertThat(unclosed.err().lines()).containsExactly("paper-digest: " + settings
                + ":3: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got :");
        assertThat(home.resolve("data")).doesNotExist();
    }

    /** A home with its own settings, subscribers and day (relative paths), and no data/ yet. */
    private Path home() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("in"));
        Files.writeString(home.resolve("config/application.yml"), """
                digest:
                  from: "Home Digest <home@example.org>"
                  abstracts: in/day.txt
                """);
        Files.writeString(home.resolve("config/subscribers.yml"), CommandsTest.TWO);
        Files.copy(Workspace.SAMPLE_DAY, home.resolve("in/day.txt"));
        return home;
    }

    record Result(int exitCode, String out, String err) {
    }

    /** As {@link Cli#run}, with these environment variables in place of the JVM's own, and no other settings. */
    private static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PaperDigestCli.run(new ArrayList<>(List.of(args)).toArray(String[]::new), environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
