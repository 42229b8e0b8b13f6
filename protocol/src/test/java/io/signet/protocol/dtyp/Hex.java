package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helper: hex fixtures written with spaces and "//" comments, and the encode/decode plumbing around them. */
final class Hex {
    private Hex() {
    }

    static String clean(String fixture) {
        StringBuilder sb = new StringBuilder();
        for (String line : fixture.split("\n")) {
            int comment = line.indexOf("//");
            sb.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("[\\s|]", ""));
        }
        return sb.toString().toLowerCase();
    }

    static byte[] bytes(String fixture) {
        return ByteBufUtil.decodeHexDump(clean(fixture));
    }

    static String encoded(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    static <T> T decoded(String fixture, Function<ByteBuf, T> decoder) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(fixture));
        try {
            return decoder.apply(in);
        } finally {
            in.release();
        }
    }

    /** Asserts that decoding {@code fixture} fails with SmbException and returns its status. */
    static NtStatus failure(String fixture, Function<ByteBuf, ?> decoder) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes(fixture));
        try {
            return assertThrows(SmbException.class, () -> decoder.apply(in)).status();
        } finally {
            in.release();
        }
    }
}
