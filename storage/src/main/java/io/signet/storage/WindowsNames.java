package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.charset.StandardCharsets;

/**
 * File name rules of [MS-FSCC] 2.1.5.2 (Filename) as NTFS applies them, plus the limit of the Linux file systems
 * underneath, and the case-insensitive comparison Windows uses (upper-casing each UTF-16 code unit, like the NTFS
 * upcase table).
 */
final class WindowsNames {
    /** [MS-FSCC] 2.1.5.2: at most 255 UTF-16 code units per component. */
    static final int MAX_COMPONENT_UNITS = 255;
    /** Linux NAME_MAX: a component must also fit in 255 bytes of UTF-8. */
    static final int MAX_COMPONENT_BYTES = 255;

    private WindowsNames() {
    }

    /**
     * Checks one path component sent by a client.
     *
     * @throws SmbException STATUS_OBJECT_NAME_INVALID if empty, "." or "..", too long, or containing a character
     *                      Windows forbids in names (controls, {@code " * / : < > ? \ |}) or an unpaired surrogate
     */
    static void checkComponent(String component) {
        String problem = problem(component);
        if (problem != null) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, problem);
        }
    }

    /** Whether a name found on disk can be shown to, and opened by, a Windows client. */
    static boolean isRepresentable(String diskName) {
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
    static boolean equalsIgnoreCase(String a, String b) {
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

    static String upcase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }
}
