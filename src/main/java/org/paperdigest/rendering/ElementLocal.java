package org.paperdigest.rendering;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.github.mustachejava.Code;
import com.github.mustachejava.codes.CommentCode;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.codes.WriteCode;

/**
 * Decides, from a section's compiled body, whether its output depends on nothing but the element it
 * iterates over. Mustache looks a name up from the innermost scope outwards and stops at the first
 * scope whose class has a member of that name, whatever its value. So a name that is a component of
 * the element record (or of a record reached from it) never reads a scope outside the element, and a
 * body made only of such names, text and sections over such names renders the same for equal
 * elements. Anything else (a name of the enclosing view, a dotted name, a partial, template
 * inheritance, a type whose equality is not its value) answers no, and the section renders as usual.
 */
final class ElementLocal {

    private static final Set<Class<?>> PLAIN_VALUES = Set.of(String.class, Boolean.class, Integer.class, Long.class,
            Short.class, Byte.class, Character.class, Double.class, Float.class);

    private ElementLocal() {
    }

    /** Whether {@code body}, run with an element of class {@code element} as innermost scope, reads only it. */
    static boolean of(Class<?> element, Code[] body) {
        try {
            if (!element.isRecord() || !value(element, new HashSet<>())) {
                return false;
            }
            List<Class<?>> scopes = new ArrayList<>();
            scopes.add(element);
            return codes(body, scopes);
        } catch (RuntimeException e) {
            // Reflection refused (a type we may not look into): cannot tell, so no.
            return false;
        }
    }

    private static boolean codes(Code[] codes, List<Class<?>> scopes) {
        if (codes == null) {
            return true;
        }
        for (Code code : codes) {
            if (!code(code, scopes)) {
                return false;
            }
        }
        return true;
    }

    // Exact classes: a subclass (a factory's own code) may do anything.
    private static boolean code(Code code, List<Class<?>> scopes) {
        Class<?> kind = code.getClass();
        if (kind == WriteCode.class || kind == CommentCode.class) {
            return code.getCodes() == null;
        }
        String name = code.getName();
        Class<?> innermost = scopes.get(scopes.size() - 1);
        if (kind == ValueCode.class) {
            return code.getCodes() == null && (".".equals(name) || resolve(name, scopes) != null);
        }
        if (kind == NotIterableCode.class) {
            // an inverted section pushes no scope
            return (".".equals(name) || resolve(name, scopes) != null) && codes(code.getCodes(), scopes);
        }
        if (kind == IterableCode.class || kind == MemoizedSection.class) {
            Type type = ".".equals(name) ? innermost : resolve(name, scopes);
            Class<?> pushed = type == null ? null : pushed(type);
            if (pushed == null) {
                return false;
            }
            scopes.add(pushed);
            try {
                return codes(code.getCodes(), scopes);
            } finally {
                scopes.remove(scopes.size() - 1);
            }
        }
        return false;
    }

    /** The type of the component the name reads, or null when it may be read from outside the element. */
    private static Type resolve(String name, List<Class<?>> scopes) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            return null;
        }
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Class<?> scope = scopes.get(i);
            RecordComponent component = component(scope, name);
            if (component != null) {
                // a getX() or isX() beside the component x could be what Mustache picks
                return hasMember(scope, name, false) ? null : component.getGenericType();
            }
            if (hasMember(scope, name, true)) {
                return null;
            }
        }
        return null;
    }

    /** What a section over a value of this type pushes as its scope: a list's element, or the value itself. */
    private static Class<?> pushed(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            return value(element, new HashSet<>()) ? element : null;
        }
        if (type instanceof Class<?> c && value(c, new HashSet<>())) {
            return c.isPrimitive() ? boxed(c) : c;
        }
        return null;
    }

    /** Types whose equals compares the whole value, and whose rendering depends on nothing else. */
    private static boolean value(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            return p.getRawType() == List.class && value(p.getActualTypeArguments()[0], seen);
        }
        if (!(type instanceof Class<?> c)) {
            return false;
        }
        if (c.isPrimitive() || PLAIN_VALUES.contains(c)) {
            return true;
        }
        if (!c.isRecord()) {
            return false;
        }
        if (!seen.add(c)) {
            return true;
        }
        for (RecordComponent component : c.getRecordComponents()) {
            if (!value(component.getGenericType(), seen)) {
                return false;
            }
        }
        return true;
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    return component;
                }
            }
        }
        return null;
    }

    /**
     * Whether Mustache could find a member for the name in the class, its supertypes or interfaces:
     * a method x(), getX() or isX(), or a field x. More than Mustache finds, never less.
     */
    private static boolean hasMember(Class<?> type, String name, boolean plainName) {
        String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Set<Class<?>> seen = new HashSet<>();
        List<Class<?>> todo = new ArrayList<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(todo.size() - 1);
            if (c == null || !seen.add(c)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                String n = m.getName();
                if ((plainName && n.equals(name)) || n.equals("get" + capitalized) || n.equals("is" + capitalized)) {
                    return true;
                }
            }
            if (plainName) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name)) {
                        return true;
                    }
                }
            }
            todo.add(c.getSuperclass());
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return primitive == int.class ? Integer.class
                : primitive == boolean.class ? Boolean.class
                : primitive == long.class ? Long.class
                : primitive == double.class ? Double.class
                : primitive == float.class ? Float.class
                : primitive == short.class ? Short.class
                : primitive == byte.class ? Byte.class
                : Character.class;
    }
}
