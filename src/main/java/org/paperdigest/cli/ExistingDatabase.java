package org.paperdigest.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.paperdigest.BadInputException;
import org.paperdigest.H2FileUrl;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * For the commands that read or change what the database holds (status, preview, resend-failed,
 * subscribers unsuppress): stops them before any bean opens the database when its H2 file does not exist,
 * since H2 and Flyway would create an empty one, and a command run from the wrong folder would report
 * "never run". Runs after {@code StrictSettings}, so a bad setting is reported first.
 */
final class ExistingDatabase implements BeanFactoryPostProcessor, Ordered {

    private final String command;
    private final Environment environment;

    ExistingDatabase(String command, Environment environment) {
        this.command = command;
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        H2FileUrl url = H2FileUrl.parse(environment.getProperty("spring.datasource.url"));
        if (url == null) {
            return; // another database: it is there or the connection says so
        }
        Path file = url.databaseFile();
        if (!Files.exists(file)) {
            throw new BadInputException("no database at " + file + " (spring.datasource.url): '" + command
                    + "' needs the one 'send' or 'subscribers sync' made. Run it from the folder that holds data/, "
                    + "or set " + Home.VARIABLE + " to that folder");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
