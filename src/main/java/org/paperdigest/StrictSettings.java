package org.paperdigest;

import java.beans.PropertyEditorSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Checks every setting once the context knows its beans and before it creates any (so before the database is
 * opened or anything sent): a {@code digest.*} key that no settings record has is refused with the nearest
 * valid one, and each settings record of paper-digest is bound as Boot will bind it and validated, so that a bad
 * value is one line (exit 2) instead of a bean-creation failure. The records are not {@code @Validated}: Boot would
 * check them again, with a validator of its own per context.
 */
@Component
class StrictSettings implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    private static final String STRICT_PREFIX = "digest";
    private static final String OWN_PACKAGE = "org.paperdigest";

    private record Unknown(String key, String where, String nearest) {
    }

    // Aware rather than injected: a BeanFactoryPostProcessor is created before constructor injection works.
    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    /** First among the checks before start-up (such as the cli's check that the database exists). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // For Boot's binding too, which copies the bean factory's editors. Spring's own PathEditor looks a path up on
        // the class path first: a search through every jar, and a relative path that names a folder there would be
        // taken from it. A setting names a file of the system, relative to the working directory.
        beanFactory.registerCustomEditor(Path.class, FileSystemPathEditor.class);
        Map<String, Class<?>> settings = settingsRecords(beanFactory);
        refuseUnknownKeys(settings);
        validate(settings, beanFactory);
    }

    static final class FileSystemPathEditor extends PropertyEditorSupport {

        /** An empty one is refused: it would be the working directory, the outbox's files written among the rest. */
        @Override
        public void setAsText(String text) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            setValue(Path.of(text).normalize());
        }
    }

    /** The prefix and type of each of paper-digest's @ConfigurationProperties, as the scan registered them. */
    private static Map<String, Class<?>> settingsRecords(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Class<?>> settings = new LinkedHashMap<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            if (definition instanceof AbstractBeanDefinition bean && bean.hasBeanClass()
                    && bean.getBeanClass().getPackageName().startsWith(OWN_PACKAGE)) {
                ConfigurationProperties annotation =
                        AnnotatedElementUtils.findMergedAnnotation(bean.getBeanClass(), ConfigurationProperties.class);
                if (annotation != null) {
                    settings.put(annotation.prefix(), bean.getBeanClass());
                }
            }
        }
        return settings;
    }

    private void refuseUnknownKeys(Map<String, Class<?>> settings) {
        SettingKeys keys = new SettingKeys();
        ConfigurationPropertyName strict = ConfigurationPropertyName.of(STRICT_PREFIX);
        settings.forEach((prefix, type) -> {
            ConfigurationPropertyName name = ConfigurationPropertyName.of(prefix);
            if (strict.equals(name) || strict.isAncestorOf(name)) {
                keys.add(prefix, type);
            }
        });
        List<Unknown> unknown = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                unknown.addAll(unknownKeys(enumerable, keys));
            }
        }
        if (!unknown.isEmpty()) {
            Unknown first = unknown.get(0);
            throw new BadInputException("unknown setting " + first.key() + " (" + first.where() + "); did you mean "
                    + first.nearest() + "?" + (unknown.size() == 1 ? "" : " (" + (unknown.size() - 1) + " more unknown)"));
        }
    }

    private static List<Unknown> unknownKeys(EnumerablePropertySource<?> source, SettingKeys keys) {
        List<Unknown> unknown = new ArrayList<>();
        boolean variables = source instanceof SystemEnvironmentPropertySource;
        String start = variables ? STRICT_PREFIX.toUpperCase() + "_" : STRICT_PREFIX + ".";
        for (String key : source.getPropertyNames()) {
            if (!key.regionMatches(true, 0, start, 0, start.length())) {
                continue;
            }
            if (variables && !keys.knowsVariable(key)) {
                unknown.add(new Unknown(key, "environment variable", keys.nearestVariable(key)));
            } else if (!variables && !keys.knows(ConfigurationPropertyName.adapt(key, '.'))) {
                unknown.add(new Unknown(key, where(source, key), keys.nearest(key)));
            }
        }
        return unknown;
    }

    /** Where a key was set, as far as Boot knows: the command line, or a file and line. */
    private static String where(PropertySource<?> source, String key) {
        if (source instanceof CommandLinePropertySource) {
            return "command line";
        }
        Origin origin = OriginLookup.getOrigin(source, key);
        if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
            String file = describe(text.getResource());
            return text.getLocation() == null ? file : file + " line " + (text.getLocation().getLine() + 1);
        }
        return source.getName();
    }

    private static String describe(Resource resource) {
        if (resource instanceof ClassPathResource packaged) {
            return "packaged " + packaged.getPath();
        }
        if (resource.isFile()) {
            try {
                Path file = resource.getFile().toPath().toAbsolutePath().normalize();
                Path here = Path.of("").toAbsolutePath();
                return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
            } catch (java.io.IOException e) {
                return resource.getDescription();
            }
        }
        return resource.getDescription();
    }

    /** Binds each record as Boot will, and reports the first value that breaks a constraint. */
    private void validate(Map<String, Class<?>> settings, ConfigurableListableBeanFactory beanFactory) {
        Binder binder = new Binder(ConfigurationPropertySources.get(environment),
                new PropertySourcesPlaceholdersResolver(environment), (ConversionService) null,
                beanFactory::copyRegisteredEditorsTo);
        BindHandler handler =
                new ValidationBindHandler(new SpringValidatorAdapter(BeanValidation.factory().getValidator()));
        settings.forEach((prefix, type) -> {
            try {
                bind(binder, prefix, type, handler);
            } catch (BindException e) {
                throw new BadInputException(SettingErrors.describe(e, environment::getProperty), e);
            }
        });
    }

    private static <T> void bind(Binder binder, String prefix, Class<T> type, BindHandler handler) {
        Bindable<T> target = Bindable.of(type);
        binder.bind(prefix, type.isRecord() ? target.withBindMethod(BindMethod.VALUE_OBJECT) : target, handler);
    }
}
