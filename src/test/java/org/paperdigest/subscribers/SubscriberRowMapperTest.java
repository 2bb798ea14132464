package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The mapper keeps the lists of one page, the rows of one query, and no more. */
class SubscriberRowMapperTest {

    private static final String ROW = "SELECT %d AS id, 'u%<d@example.org' AS email, NULL AS name,"
            + " '[\"RLHF\", \"KV cache\"]' AS interests, '[]' AS excludes, 10 AS max_papers, 'text' AS format,"
            + " TRUE AS active, 'friday' AS weekday, '[]' AS likes";

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:", "sa", ""));

    @Test
    void rowsOfAPageShareTheirListsAndTheNextPageReadsThemAgain() {
        SubscriberRowMapper mapper = new SubscriberRowMapper();
        List<Subscriber> page = jdbc.query(ROW.formatted(1) + " UNION ALL " + ROW.formatted(2), mapper);
        List<Subscriber> next = jdbc.query(ROW.formatted(3), mapper);

        assertThat(page.get(0).interests()).containsExactly("RLHF", "KV cache")
                .isSameAs(page.get(1).interests())
                .isNotSameAs(next.get(0).interests())
                .isEqualTo(next.get(0).interests());
        assertThat(page.get(1)).isEqualTo(new Subscriber(2, "u2@example.org", null, List.of("RLHF", "KV cache"),
                List.of(), 10, Format.TEXT, true, DayOfWeek.FRIDAY, List.of()));
    }
}
