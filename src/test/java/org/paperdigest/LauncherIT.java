package org.paperdigest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * {@code bin/paper-digest}, the launcher operators run instead of {@code java -jar}: it builds its start-up
 * cache (the extracted jar and a CDS archive) on first use and when the jar changes, uses it afterwards, and
 * runs the jar as before when the cache cannot be built. Runs the packaged jar (a copy of it, so the cache
 * lands next to the copy), as a child process. Nothing here depends on how long anything takes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@EnabledOnOs(value = OS.LINUX, disabledReason = "bin/paper-digest uses bash, GNU coreutils and flock")
class LauncherIT {

    static final Path LAUNCHER = Path.of("bin/paper-digest").toAbsolutePath();
    static final String BUILDING = "paper-digest: building the start-up cache (once) in ";
    /** Bound on a launch that builds the cache: a training run of send, on 2 busy cores. */
    /** A jar named otherwise than the build names it. */
    static final String RELEASE_JAR = "paper-digest-0.1";
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void theJarIsBuilt() {
        JarProcess.requireJar();
    }

    @AfterEach
    void noChildOutlivesItsTest() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theFirstLaunchBuildsTheCacheLaterOnesUseItAndANewJarGetsANewOne() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        // named as a release would be, not as the build names it: the cache goes by the name it is given
        Path jar = Files.copy(JarProcess.JAR, dist.resolve(RELEASE_JAR + ".jar"));
        Path cache = dist.resolve(RELEASE_JAR + "-cds");
        Map<String, String> env = Map.of("PAPER_DIGEST_JAR", jar.toString());
        Workspace workspace = new Workspace(dir.resolve("w")).subscribers(Workspace.readers(3));

        // Two launches race on an empty cache: one builds it (and says so on one line), the other does not
        // wait for it; both do their job, and the training run's output shows in neither.
        Launch send = start("send", workspace, env, "send", "--date", Workspace.SAMPLE_DATE);
        Launch help = start("help", workspace, env, "--help");
        Result sent = send.await(BUILD_TIMEOUT);
        Result helped = help.await(BUILD_TIMEOUT);

        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        assertThat(sent.out()).contains("issue 2025-07-29: COMPLETED", "papers       104",
                "3 considered, 0 without a match today (skipped), 3 sent", "3 delivered, 0 failed, 0 bounced");
        assertThat(sent.out()).doesNotContain("papers       6", cache.toString());
        assertThat(workspace.outbox().resolve(Workspace.SAMPLE_DATE)).isDirectoryContaining("glob:**.eml");
        assertThat(helped.exitCode()).as(helped.describe()).isZero();
        assertThat(helped.out()).startsWith("Usage: paper-digest [-hV] [COMMAND]").contains("send", "status");
        List<String> errors = Stream.concat(sent.errLines().stream(), helped.errLines().stream()).toList();
        assertThat(errors).as(sent.describe() + helped.describe())
                .containsExactly(BUILDING + cache.toRealPath() + " ...");

        Build first = Build.of(cache);
        assertThat(first.archive()).isNotEmptyFile();
        assertThat(first.dir().resolve("app/" + RELEASE_JAR + ".jar")).isRegularFile();
        assertThat(first.dir().resolve("app/lib")).isDirectory();

        // The second launch uses it: nothing is rebuilt, nothing printed, and the JVM loads classes from the
        // archive (it logs where each class came from to a file; -Xshare:on would stop it if the archive did
        // not map or did not fit the class path).
        Path classes = dir.resolve("logs/status-classes.txt");
        Result status = start("status", workspace, Map.of("PAPER_DIGEST_JAR", jar.toString(), "JAVA_OPTS",
                "-Xmx256m -Xshare:on -Xlog:class+load=info:file=" + classes), "status", "--date",
                Workspace.SAMPLE_DATE).await(Duration.ofMinutes(2));

        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).contains("issue 2025-07-29: COMPLETED", "3 delivered, 0 failed, 0 bounced");
        assertThat(Build.of(cache)).isEqualTo(first);
        assertThat(builds(cache)).containsExactly(first.dir());
        assertThat(classesFromTheArchive(classes)).as("classes loaded from the cache's CDS archive")
                .contains("org.paperdigest.cli.StatusCommand", "org.springframework.boot.SpringApplication",
                        "org.h2.engine.Database");

        // A new jar (here: the same bytes with a later time) gets a new cache; the old build is removed, as no
        // process uses it any more.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(120)));
        Path classesAgain = dir.resolve("logs/status-again-classes.txt");
        Result again = start("status-again", workspace, Map.of("PAPER_DIGEST_JAR", jar.toString(), "JAVA_OPTS",
                "-Xmx256m -Xlog:class+load=info:file=" + classesAgain), "status", "--date", Workspace.SAMPLE_DATE)
                .await(BUILD_TIMEOUT);

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.errLines()).containsExactly(BUILDING + cache.toRealPath() + " ...");
        assertThat(again.out()).isEqualTo(status.out());
        Build second = Build.of(cache);
        assertThat(second.dir()).isNotEqualTo(first.dir());
        assertThat(builds(cache)).containsExactly(second.dir());
        assertThat(classesFromTheArchive(classesAgain)).contains("org.paperdigest.cli.StatusCommand");
    }

    @Test
    void whenTheCacheCannotBeBuiltTheCommandRunsWithoutItAfterAOneLineWarning() throws IOException {
        // A cache directory that cannot be created (a file is in the way; permissions would not stop root).
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "");
        Map<String, String> env = Map.of("PAPER_DIGEST_CACHE", blocker.resolve("cache").toString());
        Workspace workspace = new Workspace(dir.resolve("w")).subscribers(Workspace.readers(2));

        Result sent = start("send", workspace, env, "send", "--date", Workspace.SAMPLE_DATE)
                .await(Duration.ofMinutes(2));

        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        assertThat(sent.out()).contains("issue 2025-07-29: COMPLETED", "2 delivered, 0 failed, 0 bounced");
        assertThat(sent.errLines()).singleElement().asString()
                .startsWith("paper-digest: cannot create the start-up cache in ").endsWith("; running without it");
        assertThat(blocker).isEmptyFile();
    }

    @Test
    void theJvmDefaultsComeBeforeJavaOptsAndACollectorChosenThereReplacesTheParallelOne() throws IOException {
        Workspace workspace = new Workspace(dir.resolve("w"));

        Result defaults = start("defaults", workspace, Map.of("PAPER_DIGEST_CDS", "off", "JAVA_OPTS",
                "-XX:+PrintCommandLineFlags -XX:MaxInlineLevel=12"), "--version").await(Duration.ofMinutes(1));
        Result g1 = start("g1", workspace, Map.of("PAPER_DIGEST_CDS", "off", "JAVA_OPTS",
                "-XX:+PrintCommandLineFlags -XX:+UseG1GC"), "--version").await(Duration.ofMinutes(1));

        assertThat(defaults.exitCode()).as(defaults.describe()).isZero();
        assertThat(defaults.out()).contains("-XX:+UseParallelGC", "-XX:Tier4InvocationThreshold=50000",
                "-XX:MaxInlineLevel=12", "paper-digest ");
        assertThat(g1.exitCode()).as(g1.describe()).isZero();
        assertThat(g1.out()).contains("-XX:+UseG1GC", "-XX:MaxInlineLevel=9").doesNotContain("UseParallelGC");
    }

    /** The classes a {@code -Xlog:class+load} file says came from the dynamic (top) CDS archive. */
    private static List<String> classesFromTheArchive(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.endsWith("source: shared objects file (top)"))
                    .map(line -> line.replaceFirst("^\\[.*?\\]\\[info\\]\\[class,load\\] (\\S+) .*$", "$1"))
                    .toList();
        }
    }

    /** The build directories in the cache. */
    private static List<Path> builds(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().startsWith("build.") && Files.isDirectory(p))
                    .map(Path::toAbsolutePath).toList();
        }
    }

    /** The build {@code current} points at, with the times of the files that make it. */
    record Build(Path dir, Path archive, FileTime archiveTime, FileTime keyTime, FileTime jarTime) {

        static Build of(Path cache) throws IOException {
            Path dir = cache.resolve(Files.readSymbolicLink(cache.resolve("current"))).toAbsolutePath();
            Path archive = dir.resolve("app.jsa");
            return new Build(dir, archive, Files.getLastModifiedTime(archive),
                    Files.getLastModifiedTime(dir.resolve("key")),
                    Files.getLastModifiedTime(dir.resolve("app/" + RELEASE_JAR + ".jar")));
        }
    }

    /**
     * Starts {@code bin/paper-digest args...} in the workspace folder with the workspace's settings, the JVM
     * running these tests, and an environment without the build's SPRING_, DIGEST_ and JAVA_ settings.
     */
    private Launch start(String name, Workspace workspace, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", "jdbc:h2:file:" + workspace.dir().resolve("db/paper-digest"));
        settings.put("digest.subscribers-file", workspace.subscribersFile().toString());
        settings.put("digest.abstracts", Workspace.SAMPLE_DAY.toString());
        settings.put("digest.templates-dir", Path.of("templates").toAbsolutePath().toString());
        settings.put("digest.outbox", workspace.outbox().toString());
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(workspace.dir());
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("DIGEST_")
                    || key.startsWith("PAPER_DIGEST_") || key.startsWith("JAVA_") || key.equals("JDK_JAVA_OPTIONS")
                    || key.equals("_JAVA_OPTIONS"));
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.put("JAVA_OPTS", "-Xmx256m");
            environment.putAll(env);
            Process process = builder.start();
            processes.add(process);
            return new Launch(name, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    record Launch(String name, Process process, Path out, Path err) {

        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    throw new AssertionError(name + " did not finish within " + timeout + "\n"
                            + result().describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
            return result();
        }

        private Result result() {
            return new Result(name, process.isAlive() ? -1 : process.exitValue(), read(out), read(err));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Result(String name, int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().toList();
        }

        String describe() {
            return name + " (exit " + exitCode + ")\n--- stdout\n" + out + "--- stderr\n" + err + "---\n";
        }
    }
}
