package io.signet.auth.kerberos;

import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.DerReader;
import io.signet.auth.spnego.Tlv;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks that bytes are one well-formed DER element of bounded depth before Kerby's decoder sees them.
 *
 * <p>Kerby's ASN.1 parser recurses once per nesting level with no limit, so 100,000 nested SEQUENCE headers end
 * in a StackOverflowError. This walk is iterative, keeps at most {@link #MAX_DEPTH} readers, refuses the indefinite
 * length form (Kerberos messages are DER, [RFC 4120] 5.1) and any length that runs past its container, and
 * allocates nothing from a length field.
 */
final class DerNesting {
    /** Kerberos messages nest about ten levels (AP-REQ, ticket, sname, name-string); twice that is plenty. */
    static final int MAX_DEPTH = 20;

    private DerNesting() {
    }

    static void check(byte[] der, String what) throws KerberosException {
        try {
            DerReader top = new DerReader(der, MAX_DEPTH);
            Tlv element = top.read();
            top.expectEnd();
            if (!element.isConstructed()) {
                return;
            }
            Deque<DerReader> open = new ArrayDeque<>();
            open.push(top.enter(element));
            while (!open.isEmpty()) {
                DerReader reader = open.peek();
                if (!reader.hasMore()) {
                    open.pop();
                    continue;
                }
                Tlv child = reader.read();
                if (child.isConstructed()) {
                    open.push(reader.enter(child));
                }
            }
        } catch (DerFormatException e) {
            throw new KerberosException("malformed " + what + ": " + e.getMessage());
        }
    }
}
