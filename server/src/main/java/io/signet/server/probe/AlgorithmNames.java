package io.signet.server.probe;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import java.util.List;

/** The names the report gives the ids of [MS-SMB2] 2.2.3.1.2, 2.2.3.1.3 and 2.2.3.1.7. */
final class AlgorithmNames {
    /** [MS-SMB2] 2.2.3.1.3 CompressionAlgorithms, NONE excluded: the probe asks which real ones are supported. */
    static final List<Integer> COMPRESSION = List.of(0x0001, 0x0002, 0x0003, 0x0004, 0x0005);
    static final List<Integer> SIGNING = List.of(SigningAlgorithm.HMAC_SHA256.id(), SigningAlgorithm.AES_CMAC.id(),
            SigningAlgorithm.AES_GMAC.id());
    static final List<Integer> CIPHERS = List.of(CipherId.AES_128_CCM.id(), CipherId.AES_128_GCM.id(),
            CipherId.AES_256_CCM.id(), CipherId.AES_256_GCM.id());

    private AlgorithmNames() {
    }

    static String signing(int id) {
        return switch (id) {
            case 0x0000 -> "HMAC-SHA256";
            case 0x0001 -> "AES-CMAC";
            case 0x0002 -> "AES-GMAC";
            default -> unknown(id);
        };
    }

    static String cipher(int id) {
        return switch (id) {
            case 0x0000 -> "none in common";
            case 0x0001 -> "AES-128-CCM";
            case 0x0002 -> "AES-128-GCM";
            case 0x0003 -> "AES-256-CCM";
            case 0x0004 -> "AES-256-GCM";
            default -> unknown(id);
        };
    }

    static String compression(int id) {
        return switch (id) {
            case 0x0000 -> "NONE";
            case 0x0001 -> "LZNT1";
            case 0x0002 -> "LZ77";
            case 0x0003 -> "LZ77+Huffman";
            case 0x0004 -> "Pattern_V1";
            case 0x0005 -> "LZ4";
            default -> unknown(id);
        };
    }

    private static String unknown(int id) {
        return String.format("0x%04X", id);
    }
}
