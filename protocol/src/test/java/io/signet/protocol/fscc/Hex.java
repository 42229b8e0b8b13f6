package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Test helper: hex fixtures written with spaces, '|' and "//" comments, compared without them. */
public final class Hex {
    private Hex() {
    }

    /** Strips spaces, newlines, '|' and end-of-line comments starting with "//". */
    public static String clean(String fixture) {
        StringBuilder sb = new StringBuilder();
        for (String line : fixture.split("\n")) {
            int comment = line.indexOf("//");
            String data = comment >= 0 ? line.substring(0, comment) : line;
            sb.append(data.replaceAll("[\\s|]", ""));
        }
        return sb.toString().toLowerCase();
    }

    public static byte[] bytes(String fixture) {
        return ByteBufUtil.decodeHexDump(clean(fixture));
    }

    /** The readable bytes of {@code buf}, as lowercase hex, without moving its indices. */
    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
