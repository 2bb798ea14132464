package org.paperdigest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The packaged {@code target/paper-digest.jar} running as a child process, for tests that must see what a
 * real process does: be killed with SIGKILL at an arbitrary moment, hold the H2 file lock, exit with a code.
 *
 * <p>stdout and stderr are redirected by the OS to files in a log folder, so they are complete even for a
 * process that was killed, and can be read while it runs. Every wait is bounded.
 */
public final class JarProcess implements AutoCloseable {

    /** The jar built by {@code mvn package}; failsafe runs with the project folder as working directory. */
    public static final Path JAR = Path.of("target/paper-digest.jar").toAbsolutePath();

    /**
     * JVM options for the child: the pom's {@code test.jvm.options}, which failsafe passes on (C1 alone and the serial
     * collector shorten a start-up on a small machine without changing what the program does); none outside Maven.
     */
    public static final List<String> JVM_OPTIONS = Arrays.stream(
            System.getProperty("paper-digest.it.jvm-options", "").strip().split("\\s+"))
            .filter(option -> !option.isEmpty()).toList();

    /** Set PAPER_DIGEST_IT_CDS=off to run children as plain {@code java -jar}, without the start-up cache. */
    private static final boolean USE_STARTUP_CACHE = !"off".equals(System.getenv("PAPER_DIGEST_IT_CDS"))
            && System.getProperty("os.name").startsWith("Linux");

    /** The build folder of bin/build-startup-cache for {@link #JAR}, made by the first child of this JVM. */
    private static Path startupCache;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedAt = System.nanoTime();
    private volatile boolean killed;

    private JarProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Fails with a clear message when the jar has not been built (the IT runs only after package). */
    public static Path requireJar() {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError("the packaged jar " + JAR + " does not exist: this test starts it as a "
                    + "child process, so run it after 'mvn package' (e.g. mvn verify), not from a bare test run");
        }
        return JAR;
    }

    /**
     * Starts {@code java [JVM_OPTIONS] -jar paper-digest.jar args...} in {@code workDir}, writing its output
     * to {@code logDir/name.out} and {@code logDir/name.err}.
     */
    public static JarProcess start(String name, Path workDir, Path logDir, List<String> args) {
        return start(name, workDir, logDir, args, List.of(), Map.of());
    }

    /**
     * As {@link #start(String, Path, Path, List)}, with more JVM options after {@link #JVM_OPTIONS} (say
     * {@code -Xmx256m}) and environment variables for the child (say {@code DIGEST_DELIVERY_CONNECTIONS}).
     */
    public static JarProcess start(String name, Path workDir, Path logDir, List<String> args, List<String> jvmOptions,
            Map<String, String> environment) {
        requireJar();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        if (USE_STARTUP_CACHE) {
            // The ITs start over a hundred children, each much faster from the cache (docs/performance.md, "The
            // suite's time"); the code they run is the same jar's.
            Path cache = startupCache();
            // the build made an AOT cache for a Java 25 or later, a CDS archive for an older one
            Path aot = cache.resolve("app.aot");
            command.addAll(Files.exists(aot) ? List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off")
                    : List.of("-XX:SharedArchiveFile=" + cache.resolve("app.jsa"), "-Xshare:auto", "-Xlog:cds=off",
                            "-Xlog:cds+dynamic=off"));
            command.addAll(List.of("-jar", cache.resolve("app/" + JAR.getFileName()).toString()));
        } else {
            command.add("-jar");
            command.add(JAR.toString());
        }
        command.addAll(args);
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            // Settings come only from the arguments and `environment`: none from the build's own environment.
            Map<String, String> childEnvironment = builder.environment();
            childEnvironment.keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("DIGEST_")
                    || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
            childEnvironment.putAll(environment);
            return new JarProcess(name, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Time since start. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /**
     * SIGKILL (destroyForcibly on Linux), then waits for the process to be gone.
     *
     * @return true if the process was still running when killed, false if it had already exited by itself
     */
    public boolean kill() {
        boolean wasAlive = process.isAlive();
        if (wasAlive) {
            killed = true;
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " (pid " + pid() + ") is still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name + " to die", e);
        }
        return wasAlive;
    }

    /** Whether {@link #kill()} found it running and sent SIGKILL. */
    public boolean wasKilled() {
        return killed;
    }

    /**
     * Waits for the process to exit by itself; on timeout kills it and fails with its output.
     *
     * @return the exit code
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(name + " did not finish within " + timeout + " and was killed; "
                        + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
        return process.exitValue();
    }

    /**
     * Polls the condition every 10 ms until it holds, the process exits, or the timeout passes.
     *
     * @return true if the condition held (while the process may still be running), false otherwise
     */
    public boolean awaitWhileAlive(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** The exit code, or null while running. SIGKILL shows as 137 (128 + 9). */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Everything written to stdout so far. */
    public String stdout() {
        return read(stdout);
    }

    /** Everything written to stderr so far. */
    public String stderr() {
        return read(stderr);
    }

    /** Name, pid, exit code and both outputs, for assertion messages. */
    public String describe() {
        return name + " (pid " + pid() + ", exit " + (isAlive() ? "-" : exitCode()) + (killed ? ", SIGKILLed" : "")
                + ")\n--- stdout\n" + stdout() + "--- stderr\n" + stderr() + "---";
    }

    /** Kills the process if it still runs, so no child outlives its test (and keeps the database locked). */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Builds the operators' start-up cache for the jar once (bin/build-startup-cache reuses a cache it made). */
    private static synchronized Path startupCache() {
        if (startupCache == null) {
            try {
                Path log = Files.createTempFile("build-startup-cache", ".log");
                Path script = Path.of("bin/build-startup-cache").toAbsolutePath();
                ProcessBuilder builder = new ProcessBuilder(script.toString())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .redirectError(log.toFile());
                builder.environment().put("PAPER_DIGEST_JAR", JAR.toString());
                builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // the children's JVM
                Process build = builder.start();
                String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                    build.destroyForcibly();
                    throw new AssertionError("bin/build-startup-cache failed for " + JAR + " (PAPER_DIGEST_IT_CDS=off "
                            + "runs the ITs without it):\n" + out + "\n" + read(log));
                }
                startupCache = Path.of(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run bin/build-startup-cache", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while building the start-up cache", e);
            }
        }
        return startupCache;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + file + ": " + e + ">";
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
