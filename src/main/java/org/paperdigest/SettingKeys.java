package org.paperdigest;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The valid keys under a prefix, derived from the settings records themselves (their components in kebab
 * case, nested records followed), so that a setting added to a record is known without editing a list.
 */
final class SettingKeys {

    /** A leaf setting; {@code open} when it is a list or map, whose entries are keys below it. */
    private record Key(ConfigurationPropertyName name, boolean open) {
    }

    private final List<Key> keys = new ArrayList<>();

    SettingKeys add(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            keys.add(new Key(ConfigurationPropertyName.of(prefix), true)); // a JavaBean: not checked key by key
            return this;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
            Class<?> componentType = component.getType();
            if (componentType.isRecord()) {
                add(name, componentType);
            } else {
                boolean open = componentType.isArray() || Collection.class.isAssignableFrom(componentType)
                        || Map.class.isAssignableFrom(componentType);
                keys.add(new Key(ConfigurationPropertyName.of(name), open));
            }
        }
        return this;
    }

    /** A key as a property file or the command line spells it: relaxed, so chunkSize and chunk-size are one. */
    boolean knows(ConfigurationPropertyName name) {
        return keys.stream().anyMatch(key -> key.name().equals(name) || key.open() && key.name().isAncestorOf(name));
    }

    /** An environment variable (DIGEST_DELIVERY_MAX_ATTEMPTS): underscores stand for both dots and dashes. */
    boolean knowsVariable(String variable) {
        String squashed = squash(variable);
        return keys.stream().anyMatch(key -> key.open() ? squashed.startsWith(squash(key.name().toString()))
                : squashed.equals(squash(key.name().toString())));
    }

    /** The valid key nearest to a misspelt one, by edit distance. */
    String nearest(String key) {
        return nearest(key.toLowerCase(Locale.ROOT), k -> k);
    }

    /** The environment variable nearest to a misspelt one, in the variable's own form. */
    String nearestVariable(String variable) {
        return nearest(variable.toUpperCase(Locale.ROOT), SettingKeys::asVariable);
    }

    private String nearest(String misspelt, UnaryOperator<String> spelling) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return keys.stream().map(k -> spelling.apply(k.name().toString()))
                .min(Comparator.comparingInt((String k) -> distance.apply(misspelt, k)).thenComparing(k -> k))
                .orElse(null);
    }

    private static String asVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[._-]", "");
    }
}
