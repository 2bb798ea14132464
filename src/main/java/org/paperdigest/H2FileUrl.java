package org.paperdigest;

import java.nio.file.Path;

/**
 * An H2 URL that names a database file: {@code jdbc:h2:file:./data/paper-digest;OPTIONS} or
 * {@code jdbc:h2:./data/paper-digest}. In-memory, server and other store URLs are not one.
 *
 * @param path    the file path as written, without the {@code .mv.db} H2 adds
 * @param options the {@code ;KEY=VALUE} part, kept as it is
 */
public record H2FileUrl(String path, String options) {

    private static final String PREFIX = "jdbc:h2:";

    /** @return the URL's parts, or null when it is not an H2 file URL */
    public static H2FileUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        int semicolon = rest.indexOf(';');
        String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
        // mem:, tcp:, ssl:, zip:, nio: ... (a Windows drive letter is one letter, so C:/data still is a path)
        if (path.isBlank() || path.matches("[A-Za-z]{2,}:.*")) {
            return null;
        }
        return new H2FileUrl(path, semicolon < 0 ? "" : rest.substring(semicolon));
    }

    /** The file H2 opens, or creates when it is missing. */
    public Path databaseFile() {
        return beside(".mv.db");
    }

    /** A file of paper-digest's own beside the database: {@code ./data/paper-digest.lock} for {@code .lock}. */
    public Path beside(String suffix) {
        String file = path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
        return Path.of(file + suffix).toAbsolutePath().normalize();
    }

    /** Relative to the working directory, as H2 reads it: not absolute and not under the user's home (~). */
    public boolean relative() {
        return !path.startsWith("~") && !Path.of(path).isAbsolute();
    }

    /** This URL with a relative path resolved against {@code dir}. */
    public String under(Path dir) {
        return PREFIX + "file:" + dir.resolve(path).normalize() + options;
    }
}
