package org.paperdigest.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.paperdigest.support.Workspace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL server that {@code .ci/start-postgres} starts, named by {@code PAPER_DIGEST_TEST_POSTGRES}
 * (with {@code _USER} and {@code _PASSWORD}); each test gets a schema of its own, dropped after it. Without
 * the variable the test fails: a skipped test would hide that the postgres profile went untested.
 */
final class PostgresDatabase implements BeforeEachCallback, AfterEachCallback {

    static final String URL = "PAPER_DIGEST_TEST_POSTGRES";

    private String url;
    private String schema;
    private JdbcTemplate jdbc;

    @Override
    public void beforeEach(ExtensionContext context) {
        String server = System.getenv(URL);
        if (server == null || server.isBlank()) {
            throw new IllegalStateException(URL + " is not set: run .ci/start-postgres (it starts PostgreSQL and "
                    + "prints the variables) and export what it prints");
        }
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(server, user(), password()));
        jdbc.execute("CREATE SCHEMA " + schema);
        url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user(), password()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (jdbc != null) {
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /**
     * The workspace's database is this one, through the postgres profile. The workspace is the home, so the
     * sender lock (data/paper-digest.lock under the home, for a database that is not an H2 file) is the test's own.
     */
    Workspace on(Workspace workspace) {
        return workspace.with("digest.home", workspace.dir().toString())
                .with("spring.profiles.active", "postgres")
                .with("spring.datasource.url", url)
                .with("spring.datasource.username", user())
                .with("spring.datasource.password", password());
    }

    /** The settings {@link #on} gives, as command-line arguments for a child process. */
    List<String> arguments() {
        return List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user(), "--spring.datasource.password=" + password());
    }

    /** A connection of its own to the test's schema, as another process would have. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    List<Map<String, Object>> query(String sql, Object... args) {
        return jdbc.queryForList(sql, args);
    }

    private static String user() {
        return System.getenv().getOrDefault(URL + "_USER", "paperdigest_test");
    }

    private static String password() {
        return System.getenv().getOrDefault(URL + "_PASSWORD", "paperdigest_test");
    }
}
