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
 * allow-list below names it, with the classes allowed to define it, as distinct fields of distinct spec structures.
 *
 * <p>The homes: {@code io.signet.protocol.smb2} AccessMask, CreateOptions, CreateDisposition, CreateAction,
 * ShareAccess, ImpersonationLevel, OplockLevel; {@code io.signet.protocol.dtyp} SecurityInformation, Sid;
 * {@code io.signet.protocol.fscc} FileAttributes, FileModeInformation, FileTime.
 */
class OneDefinitionPerWireConstantTest {

    /** Modules whose main classes are scanned; their classes must all be found. */
    private static final List<String> MODULES = List.of("protocol", "auth", "storage", "config", "server");

    /**
     * Names legitimately defined more than once: each entry names the classes that may define it and the distinct
     * spec fields they stand for. A class not listed that defines the same name with the same value still fails.
     */
    private static final Map<String, Allowance> ALLOWED = Map.ofEntries(
            // One per structure: each message or record states the size of its own fixed part.
            perStructure("STRUCTURE_SIZE", "the StructureSize field of each SMB2 message, [MS-SMB2] 2.2.x "
                    + "(e.g. 2.2.13 CREATE Request 57, 2.2.31 IOCTL Request 57)"),
            perStructure("FIXED", "the length of each SMB2 message's fixed part before its variable buffer, "
                    + "[MS-SMB2] 2.2.x (e.g. 2.2.13 CREATE Request, 2.2.31 IOCTL Request)"),
            perStructure("SIZE", "the encoded size of each fixed-size record, e.g. [MS-SMB2] 2.2.14.1 SMB2_FILEID, "
                    + "[MS-FSCC] 2.3.33 FILE_ALLOCATED_RANGE_BUFFER, the [C706] 12.6 PDU common header; "
                    + "ChangeNotifier.SIZE is the size-change CompletionFilter group of [MS-SMB2] 2.2.35"),
            entry("HEADER", "[MS-PAC] 2.3 PACTYPE header (Pac) / [MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION "
                    + "fixed part (FullEaInformation)", "Pac", "FullEaInformation"),
            entry("HEADER_SIZE", "[MS-DTYP] 2.4.5 ACL header (Acl) / [MS-DTYP] 2.4.2 SID fixed part (Sid) / "
                    + "[MS-CIFS] 2.2.3.1 SMB1 header (Smb1NegotiateRequest) / [MS-SMB2] 2.2.31.1 SRV_COPYCHUNK_COPY "
                    + "fixed part (CopyChunkRequest)", "Acl", "Sid", "Smb1NegotiateRequest", "CopyChunkRequest"),
            entry("REVISION", "[MS-DTYP] 2.4.6 SECURITY_DESCRIPTOR Revision (SecurityDescriptor) / "
                    + "[MS-DTYP] 2.4.2 SID Revision (Sid)", "SecurityDescriptor", "Sid"),
            entry("NONE", "[MS-SMB2] 2.2.19 / 2.2.21 Channel SMB2_CHANNEL_NONE (Channel) / [MS-SMB2] 2.2.13 "
                    + "SMB2_OPLOCK_LEVEL_NONE (OplockLevel) / [MS-SMB2] 2.2.13.2.8 LeaseState none (LeaseState)",
                    "Channel", "OplockLevel", "LeaseState"),
            entry("SIGNING_ENABLED", "[MS-SMB2] 2.2.4 NEGOTIATE Response SecurityMode, 2 bytes "
                    + "(NegotiateResponse) / [MS-SMB2] 2.2.5 SESSION_SETUP Request SecurityMode, 1 byte "
                    + "(SessionSetupRequest)", "NegotiateResponse", "SessionSetupRequest"),
            entry("SIGNING_REQUIRED", "[MS-SMB2] 2.2.4 NEGOTIATE Response SecurityMode (NegotiateResponse) / "
                    + "[MS-SMB2] 2.2.5 SESSION_SETUP Request SecurityMode (SessionSetupRequest)",
                    "NegotiateResponse", "SessionSetupRequest"),
            entry("REASON_NOT_SPECIFIED", "[C706] 12.6.4.5 bind_nak provider_reject_reason, [MS-RPCE] 2.2.2.5 "
                    + "(BindNakPdu) / [C706] 12.6.3.1 p_result_t reason of one presentation context result "
                    + "(ContextResult)", "BindNakPdu", "ContextResult"),
            entry("MAX_CONTEXTS", "this server's limit on presentation contexts of an association, [C706] 12.6.3.1 p_cont_list_t "
                    + "(RpcPipe) / its limit on create contexts in a CREATE, [MS-SMB2] 2.2.13.2 (CreateContext)",
                    "RpcPipe", "CreateContext"),
            entry("TAG_LENGTH", "[MS-SMB2] 2.2.1 / 3.1.4.1 AES-GMAC Signature of the SMB2 header (AesGmac) / "
                    + "[MS-SMB2] 2.2.41 TRANSFORM_HEADER Signature of AES-CCM (AesCcm) and of AES-GCM (AesGcm)",
                    "AesGmac", "AesCcm", "AesGcm"),
            entry("TAG_BITS", "[MS-SMB2] 3.1.4.1 AES-GMAC signing tag (AesGmac) / [MS-SMB2] 2.2.41 and 3.1.4.3 "
                    + "AES-GCM encryption tag (AesGcm)", "AesGmac", "AesGcm"),
            entry("NONCE_LENGTH", "[MS-SMB2] 3.1.4.1 AES-GMAC signing nonce (AesGmac) / [MS-SMB2] 2.2.41 and 3.1.4.3 "
                    + "AES-GCM nonce of the TRANSFORM_HEADER (AesGcm)", "AesGmac", "AesGcm"),
            entry("BLOCK", "not a wire field: the AES block of [RFC 4493] 2.1 AES-CMAC (AesCmac) and of "
                    + "[RFC 3610] 2 CCM (AesCcm), each algorithm's own parameter", "AesCmac", "AesCcm"),
            entry("CHUNK", "not a wire field: the size of each class's own scratch buffer for streaming a message "
                    + "through the JDK cipher", "AbstractMessageSigner", "AesCmac", "AesGmac", "AesCcm", "AesGcm")
    );

    /** Which classes may define a name, and why; {@code classes == null}: every class, for its own structure. */
    private record Allowance(String why, Set<String> classes) {
        boolean covers(Set<String> definers) {
            return classes == null || definers.stream().map(n -> n.substring(n.lastIndexOf('.') + 1))
                    .map(n -> n.substring(n.lastIndexOf('$') + 1)).allMatch(classes::contains);
        }
    }

    private static Map.Entry<String, Allowance> entry(String name, String why, String... classes) {
        return Map.entry(name, new Allowance(why, Set.of(classes)));
    }

    private static Map.Entry<String, Allowance> perStructure(String name, String why) {
        return Map.entry(name, new Allowance(why, null));
    }

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
            Allowance allowance = ALLOWED.get(byName.getKey());
            for (Map.Entry<Long, Set<String>> byValue : byName.getValue().entrySet()) {
                if (byValue.getValue().size() > 1 && (allowance == null || !allowance.covers(byValue.getValue()))) {
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
