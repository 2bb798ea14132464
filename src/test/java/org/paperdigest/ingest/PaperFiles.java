package org.paperdigest.ingest;

import java.nio.file.Path;
import java.util.List;

import org.paperdigest.support.DigestSettings;

/** A day's papers read straight from an abstracts file, for tests: the application reads a day's sources. */
public final class PaperFiles {

    private PaperFiles() {
    }

    /** With digest.abstracts-max-size's default. */
    public static List<Paper> read(Path file) {
        return read(new AbstractsReader(DigestSettings.ABSTRACTS_MAX_SIZE), file);
    }

    public static List<Paper> read(AbstractsReader reader, Path file) {
        return reader.listing(file).papers();
    }
}
