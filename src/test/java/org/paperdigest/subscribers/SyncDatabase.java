package org.paperdigest.subscribers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * What the sync tests share: a migrated H2 file database in the test's folder, a sync of subscribers
 * files (written there) into it, and what a sync gave.
 */
final class SyncDatabase {

    private final Path dir;
    final JdbcClient jdbc;
    final SubscriberSync sync;

    SyncDatabase(Path dir, SubscribersFile subscribersFile) {
        this.dir = dir;
        // DB_CLOSE_DELAY keeps the file open between connections (closed in shutDown), which keeps the tests fast
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
        this.sync = new SubscriberSync(new JdbcTemplate(dataSource), new JdbcTransactionManager(dataSource),
                subscribersFile);
    }

    /** A sync's totals and the lines it gave. */
    record Synced(SyncPlan plan, List<String> lines) {

        String totals() {
            return plan.totals();
        }
    }

    Synced apply(Path file) {
        List<String> lines = new ArrayList<>();
        return new Synced(sync.apply(file, lines::add), lines);
    }

    Synced plan(Path file) {
        List<String> lines = new ArrayList<>();
        return new Synced(sync.plan(file, lines::add), lines);
    }

    List<Map<String, Object>> rows() {
        return jdbc.sql("SELECT * FROM subscriber ORDER BY id").query().listOfRows();
    }

    Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "subscribers", ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    void shutDown() {
        jdbc.sql("SHUTDOWN").update();
    }
}
