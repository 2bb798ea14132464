package org.paperdigest.cli;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;

import picocli.CommandLine;

/**
 * Builds the commands without their collaborators (null), for parsing and usage help only: the commands'
 * constructors only keep their arguments, and nothing here ever calls a command.
 */
final class ModelOnlyFactory implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (!type.getPackageName().equals(PaperDigestCli.class.getPackageName())) {
            return CommandLine.defaultFactory().create(type);
        }
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] arguments = new Object[constructor.getParameterCount()];
        Class<?>[] types = constructor.getParameterTypes();
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = types[i].isPrimitive() ? Array.get(Array.newInstance(types[i], 1), 0) : null;
        }
        return type.cast(constructor.newInstance(arguments));
    }
}
