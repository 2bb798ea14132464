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
 * {@code bin/paper-digest}, the launcher operators run instead of {@code java -jar}, and
 * {@code bin/build-startup-cache}, which makes its start-up cache (the extracted jar and a CDS archive, or on Java 25
 * and later an AOT cache): the launcher runs the jar as before when there is no cache for it, and from the cache
 * when there is. Runs the packaged jar (a copy of it, so the cache lands next to the copy), as a child process.
 * Nothing here depends on how long anything takes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@EnabledOnOs(value = OS.LINUX, disabledReason = "bin/paper-digest uses bash, GNU coreutils and flock")
class LauncherIT {

    static final Path LAUNCHER = Path.of("bin/paper-digest").toAbsolutePath();
    static final Path BUILD_SCRIPT = Path.of("bin/build-startup-cache").toAbsolutePath();
    static final String BUILDING = "build-startup-cache: building the start-up cache for ";
    /** A jar named otherwise than the build names it. */
    static final String RELEASE_JAR = "paper-digest-0.1";
    /** The archive the build makes for the JVM running these tests, and the option that makes the JVM map it. */
    static final boolean AOT = Runtime.version().feature() >= 25;
    static final String ARCHIVE = AOT ? "app.aot" : "app.jsa";
    static final String ARCHIVE_REQUIRED = AOT ? "-XX:AOTMode=on" : "-Xshare:on";
    /** Bound on a cache build: a training run of send, on 2 busy cores. */
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
    void theLauncherRunsTheJarUntilACacheIsBuiltForItThenUsesItUntilTheJarChanges() throws IOException {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        // named as a release would be, not as the build names it: the cache goes by the name it is given
        Path jar = Files.copy(JarProcess.JAR, dist.resolve(RELEASE_JAR + ".jar"));
        Path cache = dist.resolve(RELEASE_JAR + "-cds");
        Map<String, String> env = Map.of("PAPER_DIGEST_JAR", jar.toString());
        Workspace workspace = new Workspace(dir.resolve("w")).subscribers(Workspace.readers(3));

        // No cache: the jar runs as java -jar runs it, and nothing is built or printed.
        Result sent = start("send", workspace, env, "send", "--date", Workspace.SAMPLE_DATE).await(BUILD_TIMEOUT);

        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        assertThat(sent.out()).contains("issue 2025-07-29: COMPLETED", "papers       104",
                "3 considered, 0 without a match today (skipped), 3 sent", "3 delivered, 0 failed, 0 bounced");
        assertThat(sent.err()).isEmpty();
        assertThat(cache).doesNotExist();

        // An older jar's build, which the build removes.
        Path older = Files.createDirectories(cache.resolve("1-1"));
        Files.writeString(older.resolve("app.jsa"), "an older jar's archive");

        // Two builds race: one builds (and says so on one line), the other waits for it; both name the build.
        Launch build = buildCache("build", env);
        Launch raced = buildCache("build-raced", env);
        Result built = build.await(BUILD_TIMEOUT);
        Result racedBuilt = raced.await(BUILD_TIMEOUT);

        assertThat(built.exitCode()).as(built.describe()).isZero();
        assertThat(racedBuilt.exitCode()).as(racedBuilt.describe()).isZero();
        Path first = Path.of(built.out().strip());
        assertThat(racedBuilt.out()).isEqualTo(built.out());
        assertThat(first.getParent()).isEqualTo(cache.toRealPath());
        assertThat(Stream.concat(built.errLines().stream(), racedBuilt.errLines().stream()))
                .containsExactly(BUILDING + jar.toRealPath() + " in " + first + " ...");
        assertThat(first.resolve(ARCHIVE)).isNotEmptyFile();
        assertThat(first.resolve("app/" + RELEASE_JAR + ".jar")).isRegularFile();
        assertThat(first.resolve("app/lib")).isDirectory();
        assertThat(first.resolve("train")).doesNotExist();
        assertThat(builds(cache)).containsExactly(first);

        // The launcher uses it: the JVM loads classes from the archive (it logs where each class came from to a
        // file; -Xshare:on or -XX:AOTMode=on would stop it if the archive did not map or did not fit the class path).
        Path classes = dir.resolve("logs/status-classes.txt");
        Result status = start("status", workspace, Map.of("PAPER_DIGEST_JAR", jar.toString(), "JAVA_OPTS",
                "-Xmx256m " + ARCHIVE_REQUIRED + " -Xlog:class+load=info:file=" + classes), "status", "--date",
                Workspace.SAMPLE_DATE).await(Duration.ofMinutes(2));

        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).contains("issue 2025-07-29: COMPLETED", "3 delivered, 0 failed, 0 bounced");
        assertThat(classesFromTheArchive(classes)).as("classes loaded from the cache's archive")
                .contains("org.paperdigest.cli.StatusCommand", "org.springframework.boot.SpringApplication",
                        "org.h2.engine.Database");

        // Class-data sharing set in JAVA_OPTS wins (Java 25 refuses an AOT cache beside it: the launcher leaves
        // the cache out).
        Result unshared = start("unshared", workspace, Map.of("PAPER_DIGEST_JAR", jar.toString(), "JAVA_OPTS",
                "-Xmx256m -Xshare:off"), "--version").await(Duration.ofMinutes(1));

        assertThat(unshared.exitCode()).as(unshared.describe()).isZero();
        assertThat(unshared.err()).isEmpty();

        // A new jar (here: the same bytes with a later time) does not run from the old cache, which holds the
        // old code; a one-line note says so.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(120)));
        Path classesAgain = dir.resolve("logs/status-again-classes.txt");
        Result again = start("status-again", workspace, Map.of("PAPER_DIGEST_JAR", jar.toString(), "JAVA_OPTS",
                "-Xmx256m -Xlog:class+load=info:file=" + classesAgain), "status", "--date", Workspace.SAMPLE_DATE)
                .await(Duration.ofMinutes(2));

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.errLines()).containsExactly("paper-digest: no start-up cache for this jar and JVM in "
                + cache.toRealPath() + " (bin/build-startup-cache makes one); running without it");
        assertThat(again.out()).isEqualTo(status.out());
        assertThat(classesFromTheArchive(classesAgain)).isEmpty();
    }

    @Test
    void whenTheCacheCannotBeBuiltTheBuildSaysSoInOneLineAndTheLauncherRunsWithoutIt() throws IOException {
        // A cache directory that cannot be created (a file is in the way; permissions would not stop root).
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "");
        Map<String, String> env = Map.of("PAPER_DIGEST_CACHE", blocker.resolve("cache").toString());
        Workspace workspace = new Workspace(dir.resolve("w")).subscribers(Workspace.readers(2));

        Result built = buildCache("build", env).await(Duration.ofMinutes(1));
        Result sent = start("send", workspace, env, "send", "--date", Workspace.SAMPLE_DATE)
                .await(Duration.ofMinutes(2));

        assertThat(built.exitCode()).as(built.describe()).isEqualTo(1);
        assertThat(built.out()).isEmpty();
        assertThat(built.errLines()).containsExactly(
                "build-startup-cache: cannot create the cache directory " + blocker.resolve("cache"));
        assertThat(sent.exitCode()).as(sent.describe()).isZero();
        assertThat(sent.out()).contains("issue 2025-07-29: COMPLETED", "2 delivered, 0 failed, 0 bounced");
        assertThat(sent.err()).isEmpty();
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

    @Test
    void aCommandThatIsOverInSecondsRunsOnC1Alone() throws IOException {
        Workspace workspace = new Workspace(dir.resolve("w"));
        Map<String, String> flags = Map.of("PAPER_DIGEST_CDS", "off", "JAVA_OPTS", "-XX:+PrintCommandLineFlags");

        Result status = start("status", workspace, flags, "status", "--help").await(Duration.ofMinutes(1));
        Result suppressed = start("suppressed", workspace, flags, "subscribers", "suppressed", "--help")
                .await(Duration.ofMinutes(1));
        Result send = start("send", workspace, flags, "send", "--help").await(Duration.ofMinutes(1));

        assertThat(status.exitCode()).as(status.describe()).isZero();
        assertThat(status.out()).contains("-XX:TieredStopAtLevel=1", "Usage: paper-digest status")
                .doesNotContain("Tier4InvocationThreshold");
        assertThat(suppressed.out()).contains("-XX:TieredStopAtLevel=1");
        assertThat(send.out()).contains("-XX:Tier4InvocationThreshold=50000").doesNotContain("TieredStopAtLevel");
    }

    /**
     * The classes a {@code -Xlog:class+load} file says came from an archive, but for the JDK's own: those come from
     * the JDK's default CDS archive with or without the cache.
     */
    private static List<String> classesFromTheArchive(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.matches(".* source: shared objects file( \\(top\\))?")
                            && !line.matches(".*\\] (java|javax|jdk|sun|com\\.sun)\\..*"))
                    .map(line -> line.replaceFirst("^\\[.*?\\]\\[info\\]\\[class,load\\] (\\S+) .*$", "$1"))
                    .toList();
        }
    }

    /** The build directories in the cache. */
    private static List<Path> builds(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.toRealPath())) {
            return files.filter(Files::isDirectory).toList();
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
        return run(name, workspace.dir(), env, command);
    }

    /** Starts {@code bin/build-startup-cache} as {@link #start} starts the launcher. */
    private Launch buildCache(String name, Map<String, String> env) {
        return run(name, dir, env, List.of(BUILD_SCRIPT.toString()));
    }

    private Launch run(String name, Path workDir, Map<String, String> env, List<String> command) {
        Path logs = dir.resolve("logs");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(workDir);
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
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
