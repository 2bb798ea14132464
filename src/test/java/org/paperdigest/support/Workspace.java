package org.paperdigest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.paperdigest.H2FileUrl;
import org.paperdigest.cli.PaperDigestCli;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A paper-digest installation in a temp folder: its own H2 file database, subscribers file and
 * outbox, with the repository's sample day and templates.
 */
public final class Workspace {

    public static final Path SAMPLE_DAY = Path.of("samples/hf-daily-papers-jul-29.txt").toAbsolutePath();
    public static final String SAMPLE_DATE = "2025-07-29";

    /**
     * The options of config/application.yml's H2 URL ({@code ;AUTO_SERVER=TRUE;...}): a test that kills or watches
     * the jar runs it on them, so that it checks the locking that ships.
     */
    public static final String SHIPPED_H2_OPTIONS = shippedH2Options();

    static {
        PaperDigestCli.applyJvmSettings(); // H2's sockets on the loopback in this JVM too, as in the jar's
    }

    private final Path dir;
    private final Map<String, String> settings = new LinkedHashMap<>();

    public Workspace(Path dir) {
        this.dir = dir;
        settings.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("db/paper-digest"));
        settings.put("digest.subscribers-file", subscribersFile().toString());
        settings.put("digest.abstracts", SAMPLE_DAY.toString());
        settings.put("digest.templates-dir", Path.of("templates").toAbsolutePath().toString());
        settings.put("digest.outbox", outbox().toString());
        settings.put("digest.reports-dir", dir.resolve("reports").toString());
        settings.put("digest.from", "Paper Digest <digest@example.org>");
    }

    /**
     * The sample day with its date line made today's (UTC), written into this workspace: {@code schedule} sends
     * today's issue, and a page of another day is refused.
     */
    public Path todaysPage() {
        java.time.LocalDate now = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        try {
            String page = java.nio.file.Files.readString(SAMPLE_DAY).replaceFirst("(?m)^Jul 29$",
                    now.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH) + " "
                            + now.getDayOfMonth());
            java.nio.file.Files.createDirectories(dir);
            return java.nio.file.Files.writeString(dir.resolve("today.txt"), page);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A subscribers file of reader01@example.org ... readerNN@example.org, all following "KV cache". */
    public static String readers(int count) {
        StringBuilder yaml = new StringBuilder("subscribers:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append("  - email: reader%02d@example.org\n    interests: [KV cache]\n".formatted(i));
        }
        return yaml.toString();
    }

    /** An H2 file URL for {@code database} (a path without {@code .mv.db}) with {@link #SHIPPED_H2_OPTIONS}. */
    public static String shippedH2Url(Path database) {
        return "jdbc:h2:file:" + database + SHIPPED_H2_OPTIONS;
    }

    private static String shippedH2Options() {
        return H2FileUrl.parse(new YAMLMapper().readTree(Path.of("config/application.yml").toFile())
                .at("/spring/datasource/url").asString()).options();
    }

    public Workspace withSmtp(int port) {
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", String.valueOf(port));
        return this;
    }

    public Workspace with(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public Path dir() {
        return dir;
    }

    public Path subscribersFile() {
        return dir.resolve("subscribers.yml");
    }

    public Path outbox() {
        return dir.resolve("outbox");
    }

    public Workspace subscribers(String yaml) {
        write(subscribersFile(), yaml);
        return this;
    }

    public Workspace subscribersFrom(String classpathResource) {
        try (var in = Workspace.class.getResourceAsStream(classpathResource)) {
            Files.write(subscribersFile(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path file(String name, String content) {
        Path file = dir.resolve(name);
        write(file, content);
        return file;
    }

    /** The command with this workspace's settings as --name=value arguments: how the packaged jar is run. */
    public List<String> args(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    public Cli.Result run(String... args) {
        return Cli.run(settings, args);
    }

    /** Reads the database while no command runs (H2 files allow one process and close with it). */
    public List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection connection = DriverManager.getConnection(settings.get("spring.datasource.url"), "sa", "")) {
            return new JdbcTemplate(new SingleConnectionDataSource(connection, true)).queryForList(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... args) {
        return ((Number) query(sql, args).get(0).values().iterator().next()).longValue();
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
