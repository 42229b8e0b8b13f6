package io.signet.protocol.crypto.transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published test-vector file under {@code src/test/resources/vectors}: {@code NAME = HEX} lines and {@code #}
 * comments. Tests read values from here and never retype them.
 */
final class TransformVectors {
    static final String SMB30_CCM = "04_smb30_encryption_blog_ccm.txt";
    static final String SMB311_GCM_CCM = "05_smb311_encryption_blog_gcm_ccm.txt";
    static final String SMBPROTOCOL_AES256 = "08_smbprotocol_aes256_transform_unit_vectors.txt";

    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_]+)\\s*=\\s*([0-9A-Fa-f]*)\\s*$");

    private final String file;
    private final Map<String, byte[]> values;

    private TransformVectors(String file, Map<String, byte[]> values) {
        this.file = file;
        this.values = values;
    }

    static TransformVectors load(String file) {
        Map<String, byte[]> values = new HashMap<>();
        try (InputStream in = TransformVectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new AssertionError("missing test resource /vectors/" + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                Matcher m = LINE.matcher(line);
                if (!line.startsWith("#") && m.matches()
                        && values.put(m.group(1), HexFormat.of().parseHex(m.group(2))) != null) {
                    throw new AssertionError(file + " defines " + m.group(1) + " twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TransformVectors(file, values);
    }

    /** The value named {@code name}; fails the test if the file lacks it. */
    byte[] get(String name) {
        byte[] v = values.get(name);
        if (v == null) {
            throw new AssertionError(file + " has no value named " + name);
        }
        return v.clone();
    }

    @Override
    public String toString() {
        return file;
    }
}
