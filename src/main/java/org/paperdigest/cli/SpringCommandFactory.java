package org.paperdigest.cli;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine;

/** Lets picocli build commands as Spring beans, so they get their collaborators by constructor. */
final class SpringCommandFactory implements CommandLine.IFactory {

    private final ApplicationContext context;

    SpringCommandFactory(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type.getPackageName().equals(getClass().getPackageName())) {
            try {
                return context.getAutowireCapableBeanFactory().createBean(type);
            } catch (BeansException e) {
                throw new IllegalStateException("cannot create command " + type.getSimpleName(), e);
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}
