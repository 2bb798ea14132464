package org.paperdigest.cli;

import java.util.Set;

import org.paperdigest.job.SenderLock;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * For the commands that change the database: takes the {@link SenderLock} before any bean opens the database,
 * and holds it until the context closes, so that a second send, or a sync during a send, is refused in one line
 * (exit 2) with nothing changed. {@code schedule} takes it for each of its runs instead (in {@code DigestRuns}).
 */
final class SingleWriter implements BeanFactoryPostProcessor, Ordered {

    /** The commands that write, as {@code PaperDigestCli} names them. */
    static final Set<String> COMMANDS = Set.of("send", "resend-failed", "subscribers sync", "subscribers unsuppress");

    private final String command;
    private final Environment environment;

    SingleWriter(String command, Environment environment) {
        this.command = command;
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SenderLock.Held held = new SenderLock(SenderLock.fileFor(environment)).acquire(command, null);
        beanFactory.registerSingleton("singleWriterHold", held);
        ((DefaultListableBeanFactory) beanFactory).registerDisposableBean("singleWriterHold", held::close);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after ExistingDatabase: a missing database is said first
    }
}
