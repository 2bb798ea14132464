package org.paperdigest.ingest;

import java.nio.file.Path;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * The benchmark's day of papers, read straight from an abstracts file. In the application's package, since
 * the application reads a file only as one of a day's sources ({@link AbstractsReader#listing} is not public).
 */
public final class SampleDay {

    private SampleDay() {
    }

    /** With digest.abstracts-max-size's default, 16 MB. */
    public static List<Paper> read(Path file) {
        return new AbstractsReader(DataSize.ofMegabytes(16)).listing(file).papers();
    }
}
