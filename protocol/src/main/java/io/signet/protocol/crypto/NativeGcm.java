package io.signet.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chooses who runs AES-GCM (and so AES-GMAC signing and AES-GCM encryption): the Amazon Corretto Crypto Provider
 * (AWS-LC in native code) when it is on the class path, loads on this machine and agrees with the JDK, else the JDK.
 *
 * <h2>Why a native provider</h2>
 * Signing or sealing every byte makes GHASH the hottest code of a bulk transfer. On JDK 17 the JDK's GHASH intrinsic
 * runs at about 7 GB/s on one x86-64 core and its AES-GCM at about 5 GB/s (the fused AVX-512 AES-GCM arrived in
 * later JDKs), and GMAC needs a detour through GCM encryption (see {@link AesGmac}) that costs two AES-CTR passes more.
 * AWS-LC hashes additional data at over 20 GB/s and runs AES-GCM at about 12 GB/s on the same core (VPCLMULQDQ/VAES;
 * PMULL on ARM64), so the server spends a fraction of the CPU per GiB. AES-CTR, AES-CMAC, AES-CCM and HMAC stay with
 * the JDK, whose intrinsics are as fast as AWS-LC there or which the provider lacks.
 *
 * <h2>Falling back</h2>
 * The provider ships one native library per platform (Linux x86-64, Linux ARM64) and reports a loading error
 * elsewhere, on a read-only or {@code noexec} temporary directory, or when the JVM denies native access. Before it is
 * used, a known-answer comparison against the JDK's AES-GCM (additional data streamed in pieces, and encryption) must
 * match byte for byte; any failure or difference leaves AES-GCM with the JDK, and {@link #description()} says why.
 * The system property {@value #DISABLE_PROPERTY}{@code =false} keeps the JDK deliberately.
 */
public final class NativeGcm {
    /** Set to {@code false} to run AES-GCM on the JDK even where the native provider loads. */
    public static final String DISABLE_PROPERTY = "signet.crypto.native";
    private static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final Choice CHOICE = choose();

    private NativeGcm() {
    }

    /** The native provider, when AES-GCM runs on it; empty when it runs on the JDK. */
    public static Optional<Provider> provider() {
        return Optional.ofNullable(CHOICE.provider);
    }

    /** One line for the start-up log: which code runs AES-GCM, and if it is the JDK's, why. */
    public static String description() {
        return CHOICE.description;
    }

    /** A new {@code AES/GCM/NoPadding} engine from {@code provider}, or from the JDK when it is null. */
    public static Cipher cipher(Provider provider) {
        if (provider == null) {
            return Crypto.cipher(TRANSFORMATION);
        }
        try {
            return Cipher.getInstance(TRANSFORMATION, provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(provider.getName() + " lacks " + TRANSFORMATION, e);
        }
    }

    private record Choice(Provider provider, String description) {
    }

    private static Choice choose() {
        if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY))) {
            return new Choice(null, "AES-GCM on the JDK (" + DISABLE_PROPERTY + "=false)");
        }
        Provider provider;
        try {
            Class<?> type = Class.forName(PROVIDER_CLASS);
            provider = (Provider) type.getField("INSTANCE").get(null);
            Object error = type.getMethod("getLoadingError").invoke(provider);
            if (error != null) {
                return new Choice(null, "AES-GCM on the JDK: the native provider did not load (" + error + ")");
            }
        } catch (ClassNotFoundException e) {
            return new Choice(null, "AES-GCM on the JDK: no native provider for " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + " in this build");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Choice(null, "AES-GCM on the JDK: the native provider failed to start (" + e + ")");
        }
        try {
            if (!agreesWithJdk(provider)) {
                return new Choice(null, "AES-GCM on the JDK: " + provider.getName() + " disagreed with the JDK's"
                        + " AES-GCM on a known answer");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Choice(null, "AES-GCM on the JDK: " + provider.getName() + " failed its check (" + e + ")");
        }
        return new Choice(provider, "AES-GCM on " + provider.getName() + " " + provider.getVersionStr()
                + " (native AWS-LC)");
    }

    /**
     * Compares {@code provider} with the JDK on what the server asks of AES-GCM: a GMAC tag over additional data fed
     * in uneven pieces (with a partial last block), and an encryption with additional data, streamed, whose output
     * and tag must be identical.
     */
    static boolean agreesWithJdk(Provider provider) throws GeneralSecurityException {
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        byte[] data = new byte[3 * 1024 + 7];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x5c ^ i * 7);
        }
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) (0xa3 + i);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        return Arrays.equals(run(cipher(provider), key, nonce, data), run(cipher(null), key, nonce, data));
    }

    private static byte[] run(Cipher gcm, byte[] key, byte[] nonce, byte[] data) throws GeneralSecurityException {
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        gcm.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
        gcm.updateAAD(data, 0, 100);
        gcm.updateAAD(data, 100, data.length - 100);
        byte[] gmacTag = gcm.doFinal();
        nonce = nonce.clone();
        nonce[0] ^= 1;
        gcm.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
        gcm.updateAAD(data, 0, 52);
        byte[] sealed = new byte[data.length + 32];
        int n = gcm.update(data, 0, 1000, sealed, 0);
        n += gcm.update(data, 1000, data.length - 1000, sealed, n);
        n += gcm.doFinal(sealed, n);
        byte[] result = Arrays.copyOf(gmacTag, gmacTag.length + n);
        System.arraycopy(sealed, 0, result, gmacTag.length, n);
        return result;
    }
}
