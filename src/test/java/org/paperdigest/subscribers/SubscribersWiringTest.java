package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The components get everything they need from Boot's JDBC auto-configuration plus an
 * {@link InterestValidator} bean (which the matching package provides in the application).
 */
class SubscribersWiringTest {

    @TempDir
    Path dir;

    @Test
    void componentsWireAgainstBootsJdbcAutoConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("subscribers.yml"),
                "subscribers:\n  - email: ada@example.org\n    interests: [x]\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                .withBean(InterestValidator.class, () -> new BalancedQueryValidator())
                .withUserConfiguration(SubscribersFile.class, SubscriberSync.class, SubscriberRepository.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SubscriberSync.class).apply(file).totals())
                            .isEqualTo("added 1, changed 0, deactivated 0, unchanged 0");
                    assertThat(context.getBean(SubscriberRepository.class).counts().active()).isEqualTo(1);
                });
    }
}
