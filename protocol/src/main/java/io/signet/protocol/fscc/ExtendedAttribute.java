package io.signet.protocol.fscc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One extended attribute ([MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION without the chaining): Flags, an ASCII name and
 * a value. An empty value in a SET means "delete this EA".
 *
 * @param flags 0 or {@link #FILE_NEED_EA}
 * @param name  the EA name, ASCII, 1 to {@link #MAX_NAME_LENGTH} characters
 * @param value the value, at most {@link #MAX_VALUE_LENGTH} bytes (the array is not copied)
 */
public record ExtendedAttribute(int flags, String name, byte[] value) {
    /** [MS-FSCC] 2.4.15: the file should not be interpreted without understanding its EAs. */
    public static final int FILE_NEED_EA = 0x80;
    /** EaNameLength is one byte; NTFS accepts names of up to 254 characters (plus the terminating NUL). */
    public static final int MAX_NAME_LENGTH = 254;
    /** EaValueLength is two bytes. */
    public static final int MAX_VALUE_LENGTH = 0xFFFF;

    public ExtendedAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** The EA name in the form NTFS stores and returns it: upper-cased ASCII. */
    public String upperName() {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return sb.toString();
    }

    /** The EaNameLength of this entry (the name's ASCII bytes, without the NUL). */
    public int nameLength() {
        return name.getBytes(StandardCharsets.ISO_8859_1).length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedAttribute e && e.flags == flags && e.name.equals(name)
                && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, name, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "EA[" + name + ", flags=0x" + Integer.toHexString(flags) + ", " + value.length + " bytes]";
    }
}
