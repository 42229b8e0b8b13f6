package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Command;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bodies with no fields beyond StructureSize and reserved bytes: LOGOFF, TREE_DISCONNECT, ECHO, CANCEL, ... */
class FixedBodyMessagesTest extends MessageTestSupport {

    /** name, command, wire body, decoder, encoder of the decoded value. */
    static Stream<Arguments> messages() {
        return Stream.of(
                fixed("LogoffRequest", Smb2Command.LOGOFF, "0400 0000",
                        LogoffRequest::decode, (m, out) -> ((LogoffRequest) m).encode(out)),
                fixed("LogoffResponse", Smb2Command.LOGOFF, "0400 0000",
                        LogoffResponse::decode, (m, out) -> ((LogoffResponse) m).encode(out)),
                fixed("TreeDisconnectRequest", Smb2Command.TREE_DISCONNECT, "0400 0000",
                        TreeDisconnectRequest::decode, (m, out) -> ((TreeDisconnectRequest) m).encode(out)),
                fixed("TreeDisconnectResponse", Smb2Command.TREE_DISCONNECT, "0400 0000",
                        TreeDisconnectResponse::decode, (m, out) -> ((TreeDisconnectResponse) m).encode(out)),
                fixed("EchoRequest", Smb2Command.ECHO, "0400 0000",
                        EchoRequest::decode, (m, out) -> ((EchoRequest) m).encode(out)),
                fixed("EchoResponse", Smb2Command.ECHO, "0400 0000",
                        EchoResponse::decode, (m, out) -> ((EchoResponse) m).encode(out)),
                fixed("CancelRequest", Smb2Command.CANCEL, "0400 0000",
                        CancelRequest::decode, (m, out) -> ((CancelRequest) m).encode(out)),
                fixed("FlushResponse", Smb2Command.FLUSH, "0400 0000",
                        FlushResponse::decode, (m, out) -> ((FlushResponse) m).encode(out)),
                fixed("LockResponse", Smb2Command.LOCK, "0400 0000",
                        LockResponse::decode, (m, out) -> ((LockResponse) m).encode(out)),
                fixed("SetInfoResponse", Smb2Command.SET_INFO, "0200",
                        SetInfoResponse::decode, (m, out) -> ((SetInfoResponse) m).encode(out)));
    }

    private static Arguments fixed(String name, Smb2Command command, String body, Function<ByteBuf, ?> decoder,
                                   BiConsumer<Object, ByteBuf> encoder) {
        return Arguments.of(name, command, body, decoder, encoder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesTheSpecLayoutAndEncodesItBack(String name, Smb2Command command, String body,
                                              Function<ByteBuf, ?> decoder, BiConsumer<Object, ByteBuf> encoder) {
        Object decoded = decoder.apply(message(command, body));
        assertNotNull(decoded);
        ByteBuf encoded = encode(command, out -> encoder.accept(decoded, out));
        assertEquals(normalize(body), bodyHex(encoded));
        assertEquals(decoded, decoder.apply(encoded));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void rejectsAWrongStructureSize(String name, Smb2Command command, String body, Function<ByteBuf, ?> decoder) {
        String wrong = body.startsWith("04") ? "0500 0000" : "0300";
        assertRejected(command, wrong, decoder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void rejectsABodyShorterThanItsStructure(String name, Smb2Command command, String body,
                                             Function<ByteBuf, ?> decoder) {
        String truncated = normalize(body).substring(0, normalize(body).length() - 2);
        assertRejected(command, truncated, decoder);
        assertRejected(command, "", decoder);
    }
}
