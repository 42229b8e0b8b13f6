package io.signet.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@code smb.conf} file into its logical lines: comment and blank lines dropped, backslash continuations
 * joined, a leading byte order mark ignored.
 */
final class SmbConfLineReader {

    /** A line after joining backslash continuations, numbered by its first physical line. */
    record Line(int number, String text) {
    }

    private SmbConfLineReader() {
    }

    static List<Line> readLogicalLines(Path file) {
        List<String> physical;
        try {
            physical = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "config file does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, "config file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read config file: " + e, e);
        }
        if (!physical.isEmpty() && physical.get(0).startsWith("\uFEFF")) {
            physical.set(0, physical.get(0).substring(1));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            int number = i + 1;
            String current = physical.get(i).strip();
            if (current.isEmpty() || current.startsWith("#") || current.startsWith(";")) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            while (current.endsWith("\\")) {
                joined.append(current.substring(0, current.length() - 1).stripTrailing()).append(' ');
                i++;
                if (i == physical.size()) {
                    throw new ConfigException(file, number,
                            "the line ends with '\\', which continues it, but the file ends there");
                }
                current = physical.get(i).strip();
            }
            joined.append(current);
            lines.add(new Line(number, joined.toString()));
        }
        return lines;
    }

    /** Cuts a {@code ;} or {@code #} comment that follows white space. */
    static String stripInlineComment(String text) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(text.charAt(i - 1))) {
                return text.substring(0, i).strip();
            }
        }
        return text;
    }
}
