package io.signet.storage.nt;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.charset.StandardCharsets;

/**
 * File name rules of [MS-FSCC] 2.1.5.2 (Filename) as NTFS applies them, plus the limit of the Linux file systems
 * underneath, and the case-insensitive comparison Windows uses (upper-casing each UTF-16 code unit, like the NTFS
 * upcase table).
 */
public final class WindowsNames {
    /** [MS-FSCC] 2.1.5.2: at most 255 UTF-16 code units per component. */
    public static final int MAX_COMPONENT_UNITS = 255;
    /** Linux NAME_MAX: a component must also fit in 255 bytes of UTF-8. */
    static final int MAX_COMPONENT_BYTES = 255;

    /** [MS-FSCC] 2.1.4: the only stream type a client may name on a file. */
    public static final String DATA_STREAM_TYPE = "$DATA";

    /**
     * The last component of a path split by [MS-FSCC] 2.1.4 into the file name and the stream it names.
     *
     * @param fileName     the file part, checked like any component
     * @param stream       the stream name, "" for the unnamed main stream
     * @param streamSyntax whether the component used the stream syntax at all (":" present), so "name::$DATA"
     *                     can be told apart from "name"
     */
    public record NameAndStream(String fileName, String stream, boolean streamSyntax) {
        boolean namedStream() {
            return !stream.isEmpty();
        }
    }

    private WindowsNames() {
    }

    /**
     * Splits and checks a last path component "file", "file:stream", "file:stream:$DATA" or "file::$DATA"
     * ([MS-FSCC] 2.1.4, [MS-FSA] 2.1.5.1 phase 1). The type is matched case-insensitively.
     *
     * @throws SmbException STATUS_OBJECT_NAME_INVALID for a bad file name; "file:" (empty stream, no type); a type
     *                      other than $DATA (the $INDEX_ALLOCATION and other attribute types are not offered to
     *                      clients); more than two ':'; or a stream name breaking [MS-FSCC] 2.1.5 (NUL, '\',
     *                      '/', ':', over 255 characters)
     */
    public static NameAndStream splitStream(String component) {
        int colon = component.indexOf(':');
        if (colon < 0) {
            checkComponent(component);
            return new NameAndStream(component, "", false);
        }
        String fileName = component.substring(0, colon);
        checkComponent(fileName);
        String rest = component.substring(colon + 1);
        int second = rest.indexOf(':');
        String stream = second < 0 ? rest : rest.substring(0, second);
        if (second >= 0) {
            String type = rest.substring(second + 1);
            if (!equalsIgnoreCase(type, DATA_STREAM_TYPE)) {
                throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "stream type '" + type
                        + "' is not $DATA");
            }
        } else if (stream.isEmpty()) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "empty stream name without a type");
        }
        String problem = streamNameProblem(stream);
        if (problem != null) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, problem);
        }
        return new NameAndStream(fileName, stream, true);
    }

    /** [MS-FSCC] 2.1.5: stream names may hold any character but NUL, '\', '/' and ':', up to 255 of them. */
    private static String streamNameProblem(String stream) {
        if (stream.length() > MAX_COMPONENT_UNITS) {
            return "stream name longer than " + MAX_COMPONENT_UNITS + " characters";
        }
        for (int i = 0; i < stream.length(); i++) {
            char ch = stream.charAt(i);
            if (ch == 0 || ch == '\\' || ch == '/' || ch == ':') {
                return "character U+" + String.format("%04X", (int) ch) + " is not allowed in a stream name";
            }
        }
        return null;
    }

    /**
     * Checks one path component sent by a client.
     *
     * @throws SmbException STATUS_OBJECT_NAME_INVALID if empty, "." or "..", too long, or containing a character
     *                      Windows forbids in names (controls, {@code " * / : < > ? \ |}) or an unpaired surrogate
     */
    public static void checkComponent(String component) {
        String problem = problem(component);
        if (problem != null) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, problem);
        }
    }

    /** Whether a name found on disk can be shown to, and opened by, a Windows client. */
    public static boolean isRepresentable(String diskName) {
        return problem(diskName) == null;
    }

    private static String problem(String c) {
        if (c.isEmpty()) {
            return "empty path component";
        }
        if (c.equals(".") || c.equals("..")) {
            return "'" + c + "' is not allowed as a path component";
        }
        if (c.length() > MAX_COMPONENT_UNITS) {
            return "path component longer than " + MAX_COMPONENT_UNITS + " characters";
        }
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '*' || ch == '/' || ch == ':' || ch == '<' || ch == '>'
                    || ch == '?' || ch == '\\' || ch == '|') {
                return "character U+" + String.format("%04X", (int) ch) + " is not allowed in a name";
            }
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= c.length() || !Character.isLowSurrogate(c.charAt(i + 1))) {
                    return "unpaired surrogate in name";
                }
                i++;
            } else if (Character.isLowSurrogate(ch)) {
                return "unpaired surrogate in name";
            }
        }
        if (c.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            return "path component longer than " + MAX_COMPONENT_BYTES + " bytes of UTF-8";
        }
        return null;
    }

    /** Windows case-insensitive equality: code unit by code unit after upper-casing. */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && Character.toUpperCase(x) != Character.toUpperCase(y)) {
                return false;
            }
        }
        return true;
    }

    public static String upcase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }
}
