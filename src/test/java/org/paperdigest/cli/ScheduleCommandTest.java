package org.paperdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.paperdigest.BadInputException;

/** schedule --cron takes the crontab line an operator would otherwise write, as well as Spring's six fields. */
class ScheduleCommandTest {

    static final ZonedDateTime NOON = ZonedDateTime.of(2025, 7, 29, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void fiveCrontabFieldsMeanTheSameAsSpringsSixWithZeroSeconds() {
        assertThat(ScheduleCommand.expression("0 7 * * *").next(NOON)).isEqualTo("2025-07-30T07:00:00Z");
        assertThat(ScheduleCommand.expression(" 0 7 * * * ").next(NOON))
                .isEqualTo(ScheduleCommand.expression("0 0 7 * * *").next(NOON));
        assertThat(ScheduleCommand.expression("*/15 9-17 * * MON-FRI").next(NOON)).isEqualTo("2025-07-29T12:15:00Z");
        assertThat(ScheduleCommand.expression("30 0 7 * * *").next(NOON)).isEqualTo("2025-07-30T07:00:30Z");
        assertThat(ScheduleCommand.expression("@daily").next(NOON)).isEqualTo("2025-07-30T00:00:00Z");
    }

    @Test
    void anInvalidExpressionIsBadInputNamingIt() {
        assertThatThrownBy(() -> ScheduleCommand.expression("61 7 * * *")).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--cron '61 7 * * *': ")
                .hasMessageEndingWith(" (five crontab fields, or six with seconds first)");
        assertThatThrownBy(() -> ScheduleCommand.expression("7 * *")).isInstanceOf(BadInputException.class);
    }
}
