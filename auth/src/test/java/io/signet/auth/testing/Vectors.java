package io.signet.auth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The published test vector files in src/test/resources/vectors: {@code NAME = VALUE} lines, {@code #} comments. */
public final class Vectors {
    private final String file;
    private final Map<String, String> values;

    private Vectors(String file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    public static Vectors load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + file);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                int eq = t.indexOf('=');
                if (t.isEmpty() || t.startsWith("#") || eq < 0) {
                    continue;
                }
                String name = t.substring(0, eq).strip();
                if (values.putIfAbsent(name, t.substring(eq + 1).strip()) != null) {
                    throw new IllegalStateException(file + " defines " + name + " twice");
                }
            }
            return new Vectors(file, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(file + " has no " + name);
        }
        return v;
    }

    public byte[] hex(String name) {
        return HexFormat.of().parseHex(text(name));
    }

    /** A 32-bit value written as {@code 0x...}. */
    public int int32(String name) {
        return Integer.parseUnsignedInt(text(name).substring(2), 16);
    }
}
