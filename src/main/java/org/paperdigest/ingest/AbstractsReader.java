package org.paperdigest.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.TitleKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads a day's papers from a file in either supported format, chosen by content: JSON when the
 * text starts with {@code [} or {@code {}, the daily-papers page text otherwise.
 */
@Component
public class AbstractsReader {

    private final long maxBytes;

    @Autowired
    public AbstractsReader(DigestProperties properties) {
        this(properties.abstractsMaxSize());
    }

    /** @param maxSize a bigger file is refused before it is read: the whole day is held in memory */
    public AbstractsReader(DataSize maxSize) {
        this.maxBytes = maxSize.toBytes();
    }

    /** The file's papers, and the day it says they are of. */
    Listing listing(Path file) {
        String source = file.toString();
        String text = decode(source, readBytes(file));
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new BadInputException(source + ": the abstracts file is empty");
        }
        Listing listing = trimmed.startsWith("[") || trimmed.startsWith("{")
                ? DailyPapersJsonFormat.parse(source, text)
                : PageTextFormat.parse(source, text);
        if (listing.papers().isEmpty()) {
            throw new BadInputException(source + ": no paper found (expected title and abstract paragraphs)");
        }
        return new Listing(withoutDuplicates(listing.papers()), listing.day());
    }

    /** The same paper twice in a day (same id, or same title but for case and punctuation) is listed once. */
    static List<Paper> withoutDuplicates(List<Paper> papers) {
        List<Paper> unique = new ArrayList<>();
        for (int first : firstOfEach(papers)) {
            unique.add(papers.get(first).at(unique.size()));
        }
        return unique;
    }

    /** Where each paper is listed first, in order: the indexes of a list without its duplicates. */
    static List<Integer> firstOfEach(List<Paper> papers) {
        Set<String> seen = new HashSet<>();
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < papers.size(); i++) {
            Paper paper = papers.get(i);
            boolean newId = paper.id() == null || seen.add("id:" + paper.id());
            boolean newTitle = seen.add("title:" + TitleKey.of(paper.title()));
            if (newId && newTitle) {
                first.add(i);
            }
        }
        return first;
    }

    private byte[] readBytes(Path file) {
        try {
            // Checked before reading: a day too big for the heap would end in an OutOfMemoryError inside the job.
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new BadInputException(file + ": the abstracts file is " + size + " bytes, more than "
                        + "digest.abstracts-max-size (" + maxBytes + " bytes); a day of papers is usually under 1 MB");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": abstracts file not found");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the abstracts file: " + e.getMessage(), e);
        }
    }

    /** Strict UTF-8 (without a BOM): a file with a byte of another encoding is refused, naming its line. */
    public static String decode(String source, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadInputException(source + ": not a text file (it contains NUL bytes)");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            // The decoder stops at the first bad byte, so its position is the offset to report.
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new BadInputException("%s:%d: not UTF-8: byte 0x%02X at offset %d (line %d)"
                    .formatted(source, line, bytes[offset] & 0xFF, offset, line));
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
