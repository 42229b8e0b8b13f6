package io.signet.config;

import static io.signet.config.SmbConfValues.abbreviate;

import io.signet.config.SmbConfKey.Scope;
import io.signet.config.SmbConfLineReader.Line;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Samba {@code smb.conf} dialect into a {@link ServerConfig}.
 *
 * <p>The syntax is Samba's: {@code [section]} headers, {@code key = value} lines, a line starting with {@code #} or
 * {@code ;} is a comment, and a line ending in a backslash continues on the next one. Keys ignore case, spaces and
 * underscores, so {@code read only}, {@code readonly} and {@code Read_Only} are the same key. Unlike Samba, a
 * {@code ;} or {@code #} that follows white space also starts a comment at the end of a line
 * ({@code server signing = auto ; why}); a value that needs one of those characters must not put white space before
 * it.
 *
 * <p>Only the keys Signet implements are accepted; anything else fails with the file, the line and the reason, as
 * does a key set twice in one section, a key outside any section, a {@code [global]} key in a share or a share key in
 * {@code [global]}. Relative paths resolve against the directory holding the file.
 */
public final class SmbConfParser {

    private SmbConfParser() {
    }

    /** Parses {@code file} on top of the builder defaults and builds the configuration. */
    public static ServerConfig parse(Path file) throws ConfigException {
        return parseInto(file, ServerConfig.builder()).build();
    }

    /**
     * Applies {@code file} to {@code builder}: its {@code [global]} settings replace the builder's, its shares are
     * added. Settings whose validity depends on the whole configuration (share directories, guest shares against the
     * signing and encryption policies, shares requiring encryption the server turned off, {@code valid users} naming
     * a user that is not configured while no users file is set, duplicates with shares added in code) are checked by
     * {@link ServerConfigBuilder#build()}, which still reports this file and line.
     */
    public static ServerConfigBuilder parseInto(Path file, ServerConfigBuilder builder) throws ConfigException {
        new Run(file, builder).parse(SmbConfLineReader.readLogicalLines(file));
        return builder;
    }

    /** One pass over one file: splits it into sections and hands each key to the section it belongs to. */
    private static final class Run {

        private final SmbConfValues values;
        private final ServerConfigBuilder builder;
        private final SmbConfGlobalSection global;
        private final Map<String, Integer> shareLines = new HashMap<>();
        private int globalLine;
        private SmbConfShareSection share;
        /** Key to the line that set it, in the current section. */
        private final Map<SmbConfKey, Line> seen = new EnumMap<>(SmbConfKey.class);
        private Scope scope;

        Run(Path file, ServerConfigBuilder builder) {
            this.values = new SmbConfValues(file);
            this.builder = builder;
            this.global = new SmbConfGlobalSection(builder, values);
        }

        void parse(List<Line> lines) {
            for (Line line : lines) {
                String text = SmbConfLineReader.stripInlineComment(line.text());
                if (text.startsWith("[")) {
                    section(line, text);
                } else {
                    int eq = text.indexOf('=');
                    if (eq < 0) {
                        throw values.error(line,
                                "expected '[section]' or 'key = value', got '" + abbreviate(text) + "'");
                    }
                    parameter(line, text.substring(0, eq).strip(), text.substring(eq + 1).strip());
                }
            }
            finishShare();
        }

        private void section(Line line, String text) {
            finishShare();
            int close = text.indexOf(']');
            if (close < 0) {
                throw values.error(line, "section header '" + abbreviate(text) + "' has no closing ']'");
            }
            if (close != text.length() - 1) {
                throw values.error(line, "unexpected text after the section header: '"
                        + abbreviate(text.substring(close + 1).strip()) + "'");
            }
            String name = text.substring(1, close).strip();
            seen.clear();
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "":
                    throw values.error(line, "section name is empty");
                case "global":
                    if (globalLine > 0) {
                        throw values.error(line,
                                "[global] may appear only once (first on line " + globalLine + ")");
                    }
                    globalLine = line.number();
                    scope = Scope.GLOBAL;
                    return;
                case "homes":
                    throw values.error(line,
                            "[homes] is not supported: every share must be named and given a path");
                case "printers":
                    throw values.error(line, "[printers] is not supported: Signet serves disk shares only");
                default:
                    break;
            }
            values.check(line, () -> ShareConfig.checkName(name));
            Integer earlier = shareLines.putIfAbsent(ShareConfig.foldCase(name), line.number());
            if (earlier != null) {
                throw values.error(line, "share [" + name + "] is defined twice (first on line " + earlier + ")");
            }
            share = new SmbConfShareSection(name, line.number(), values);
            scope = Scope.SHARE;
        }

        private void parameter(Line line, String keyText, String value) {
            if (keyText.isEmpty()) {
                throw values.error(line, "missing parameter name before '='");
            }
            if (scope == null) {
                throw values.error(line, "parameter '" + keyText + "' appears before any [section]");
            }
            SmbConfKey key = SmbConfKey.lookup(keyText);
            if (key == null) {
                throw values.error(line, "unknown parameter '" + keyText + "' in " + sectionLabel());
            }
            if (key == SmbConfKey.ENCRYPTION && scope == Scope.SHARE
                    && SmbConfKey.normalise(keyText).equals("serversmbencrypt")) {
                throw values.error(line, "'" + keyText + "' is a [global] parameter and cannot be set in share ["
                        + share.name + "]; a share sets its own with 'smb encrypt'");
            }
            if (key.scope != null && key.scope != scope) {
                throw values.error(line, key.scope == Scope.GLOBAL
                        ? "'" + keyText + "' is a [global] parameter and cannot be set in share [" + share.name + "]"
                        : "'" + keyText + "' is a share parameter and cannot be set in [global]");
            }
            Line first = seen.putIfAbsent(key, line);
            if (first != null) {
                throw values.error(line, "'" + keyText + "' sets what line " + first.number() + " already set in "
                        + sectionLabel());
            }
            if (value.isEmpty() && key != SmbConfKey.COMMENT) {
                throw values.error(line, "'" + keyText + "' has no value");
            }
            if (scope == Scope.GLOBAL) {
                global.apply(line, key, keyText, value);
            } else {
                share.apply(line, key, keyText, value);
            }
        }

        private void finishShare() {
            if (share == null) {
                return;
            }
            SmbConfShareSection finished = share;
            share = null;
            finished.addTo(builder);
        }

        private String sectionLabel() {
            return scope == Scope.GLOBAL ? "[global]" : "share [" + share.name + "]";
        }
    }
}
