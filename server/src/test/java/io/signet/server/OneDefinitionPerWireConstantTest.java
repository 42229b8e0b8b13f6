package io.signet.server;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One definition per wire constant: a named value of one field of one spec structure lives in exactly one class.
 *
 * <p>The test loads every compiled main class of the modules on this test's class path (protocol, auth, storage,
 * config and server: their {@code target/classes} directories or their jars; test classes are left out), and reads
 * by reflection each {@code static final} integral field (byte, short, int, long) of a non-private class, and each
 * constant of an enum that carries a code ({@code code()}, {@code id()} or {@code value()}). Values are compared
 * unsigned at their own width, so {@code int 0x80000000} and {@code long 0x80000000L} are the same value. A name
 * defined with the same value in two or more classes is a copy of one constant and fails the test, unless the
 * allow-list below names it as distinct fields of distinct spec structures.
 */
class OneDefinitionPerWireConstantTest {

    /** Modules whose main classes are scanned; their classes must all be found. */
    private static final List<String> MODULES = List.of("protocol", "auth", "storage", "config", "server");

    /**
     * Names that are legitimately defined more than once: the same name for different fields of different spec
     * structures (each entry says which), or constants moved in a separate change.
     */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
    );

    @Test
    void everyWireConstantHasOneHome() throws Exception {
        List<String> classNames = mainClassNames();
        for (String module : MODULES) {
            assertTrue(classNames.stream().anyMatch(n -> n.startsWith("io.signet." + module + ".")),
                    "no main classes of module " + module + " found on the class path");
        }

        // name -> value -> defining classes
        Map<String, Map<Long, Set<String>>> definitions = new TreeMap<>();
        ClassLoader loader = getClass().getClassLoader();
        for (String className : classNames) {
            Class<?> type = Class.forName(className, false, loader);
            if (Modifier.isPrivate(type.getModifiers()) || type.isAnonymousClass() || type.isSynthetic()) {
                continue;
            }
            for (Map.Entry<String, Long> constant : constantsOf(type).entrySet()) {
                definitions.computeIfAbsent(constant.getKey(), k -> new TreeMap<>())
                        .computeIfAbsent(constant.getValue(), k -> new TreeSet<>())
                        .add(type.getName());
            }
        }
        assertFalse(definitions.isEmpty(), "no constants found");

        List<String> duplicates = new ArrayList<>();
        for (Map.Entry<String, Map<Long, Set<String>>> byName : definitions.entrySet()) {
            if (ALLOWED.containsKey(byName.getKey())) {
                continue;
            }
            for (Map.Entry<Long, Set<String>> byValue : byName.getValue().entrySet()) {
                if (byValue.getValue().size() > 1) {
                    duplicates.add(String.format("%s = 0x%X defined %d times: %s", byName.getKey(),
                            byValue.getKey(), byValue.getValue().size(), String.join(", ", byValue.getValue())));
                }
            }
        }
        if (!duplicates.isEmpty()) {
            fail(duplicates.size() + " constants are defined in more than one class; give each one home in "
                    + "protocol and import it (or, if they are distinct fields of distinct spec structures, add "
                    + "them to ALLOWED with both spec sections):\n  " + String.join("\n  ", duplicates));
        }
    }

    /** The allow-list names only constants that exist, so it cannot hide a stale entry. */
    @Test
    void allowListHasNoStaleEntries() throws Exception {
        Set<String> names = new TreeSet<>();
        ClassLoader loader = getClass().getClassLoader();
        for (String className : mainClassNames()) {
            names.addAll(constantsOf(Class.forName(className, false, loader)).keySet());
        }
        for (String allowed : ALLOWED.keySet()) {
            assertTrue(names.contains(allowed), "allow-list entry " + allowed + " names no constant");
        }
    }

    /** The static final integral fields of {@code type}, and its enum constants if it is an enum with a code. */
    private static Map<String, Long> constantsOf(Class<?> type) throws ReflectiveOperationException {
        Map<String, Long> constants = new TreeMap<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers) || field.isSynthetic()
                    || field.getName().equals("serialVersionUID")) { // Java serialization, not a wire field
                continue;
            }
            Long value = unsigned(field.getType(), () -> {
                field.setAccessible(true);
                return field.get(null);
            });
            if (value != null) {
                constants.put(field.getName(), value);
            }
        }
        if (type.isEnum()) {
            Method code = codeMethod(type);
            if (code != null) {
                code.setAccessible(true);
                for (Object constant : type.getEnumConstants()) {
                    Long value = unsigned(code.getReturnType(), () -> code.invoke(constant));
                    constants.put(((Enum<?>) constant).name(), value);
                }
            }
        }
        return constants;
    }

    private static Method codeMethod(Class<?> enumType) {
        for (String name : List.of("code", "id", "value")) {
            try {
                Method method = enumType.getDeclaredMethod(name);
                if (!Modifier.isStatic(method.getModifiers()) && isIntegral(method.getReturnType())) {
                    return method;
                }
            } catch (NoSuchMethodException absent) {
                // try the next name
            }
        }
        return null;
    }

    private static boolean isIntegral(Class<?> type) {
        return type == byte.class || type == short.class || type == int.class || type == long.class;
    }

    private interface ValueSource {
        Object get() throws ReflectiveOperationException;
    }

    /** The value read, unsigned at its own width, or null when the type is not integral. */
    private static Long unsigned(Class<?> type, ValueSource source) throws ReflectiveOperationException {
        if (!isIntegral(type)) {
            return null;
        }
        Object value = source.get();
        if (type == byte.class) {
            return (long) Byte.toUnsignedInt((Byte) value);
        }
        if (type == short.class) {
            return (long) Short.toUnsignedInt((Short) value);
        }
        if (type == int.class) {
            return Integer.toUnsignedLong((Integer) value);
        }
        return (Long) value;
    }

    /** The names of every io.signet main class on the class path (test-classes directories excluded). */
    private static List<String> mainClassNames() {
        List<String> names = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && path.getFileName().toString().equals("classes")) {
                names.addAll(classesIn(path));
            } else if (Files.isRegularFile(path) && path.getFileName().toString().matches("signet-.*\\.jar")
                    && !path.getFileName().toString().contains("tests")) {
                names.addAll(classesInJar(path));
            }
        }
        return names;
    }

    private static List<String> classesIn(Path root) {
        Path base = root.resolve("io").resolve("signet");
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(OneDefinitionPerWireConstantTest::isClassFile)
                    .map(OneDefinitionPerWireConstantTest::className)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classesInJar(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith("io/signet/") && isClassFile(name)) {
                    names.add(className(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace(File.separatorChar, '.');
    }
}
