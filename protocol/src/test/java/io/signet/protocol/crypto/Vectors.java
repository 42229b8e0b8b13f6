package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the published test-vector files under {@code src/test/resources/vectors}: {@code NAME = HEX} lines, {@code #}
 * comments. Values are read from the files, never retyped into tests.
 */
final class Vectors {
    static final String ANATOMY_KDF = "01_anatomy_blog_kdf_30_311.txt";
    static final String SMB30_CCM = "04_smb30_encryption_blog_ccm.txt";
    static final String SMB311_GCM_CCM = "05_smb311_encryption_blog_gcm_ccm.txt";
    static final String PRIMITIVES = "07_primitive_vectors_cmac_gcm_gmac.txt";
    static final String DERIVED = "90_DERIVED_NOT_PUBLISHED.txt";

    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_]+)\\s*=\\s*([0-9A-Fa-f]*)\\s*$");
    private static final Map<String, Vectors> CACHE = new ConcurrentHashMap<>();

    private final String file;
    private final Map<String, byte[]> values;

    private Vectors(String file, Map<String, byte[]> values) {
        this.file = file;
        this.values = values;
    }

    static Vectors load(String file) {
        return CACHE.computeIfAbsent(file, Vectors::read);
    }

    /** The value named {@code name}; fails the test if the file lacks it. */
    byte[] get(String name) {
        byte[] v = values.get(name);
        if (v == null) {
            throw new AssertionError(file + " has no value named " + name);
        }
        return v.clone();
    }

    /** The value as an unpooled heap buffer (caller releases). */
    ByteBuf buf(String name) {
        return Unpooled.wrappedBuffer(get(name));
    }

    private static Vectors read(String file) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new AssertionError("missing test resource /vectors/" + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    if (values.put(m.group(1), HexFormat.of().parseHex(m.group(2))) != null) {
                        throw new AssertionError(file + " defines " + m.group(1) + " twice");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Vectors(file, values);
    }
}
