package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.database.PagingQueryProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The send reader walks the subscriber table's primary key, a page at a time. With an index on
 * {@code subscriber.active}, H2 read the rest of the range through it and sorted it for every page,
 * which halved the send rate of 100,000 subscribers; a benchmark found that, this test keeps it found.
 */
class SendReaderPlanTest {

    @TempDir
    Path dir;

    @Test
    void theSendReaderWalksThePrimaryKeyInOrderWithoutSorting() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db"));
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).load().migrate();
        new JdbcTemplate(dataSource).update("""
                INSERT INTO subscriber (email, email_key, interests, excludes, max_papers, format, active, updated_at)
                SELECT 'u' || x || '@example.org', 'u' || x || '@example.org', '["KV cache"]', '[]', 10, 'text',
                    MOD(x, 50) <> 0, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 20000)""");
        new JdbcTemplate(dataSource).execute("ANALYZE");

        PagingQueryProvider query =
                DailyDigestJobConfiguration.subscriberQuery(dataSource, DailyDigestJobConfiguration.SEND_CONDITION);
        String sql = query.generateRemainingPagesQuery(1000);
        String plan = new NamedParameterJdbcTemplate(dataSource).queryForObject("EXPLAIN " + sql,
                Map.of("date", LocalDate.of(2025, 7, 29), "minId", 1, "maxId", 20000, "_id", 5000,
                        "weekday", "tuesday"), String.class);

        assertThat(plan).as(sql).contains("/* PUBLIC.PRIMARY_KEY").contains("/* index sorted */");
    }
}
