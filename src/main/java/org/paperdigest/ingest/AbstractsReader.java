package org.paperdigest.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
import org.springframework.stereotype.Component;

/**
 * Reads a day's papers from a file in either supported format, chosen by content: JSON when the
 * text starts with {@code [} or {@code {}, the daily-papers page text otherwise.
 */
@Component
public class AbstractsReader {

    public List<Paper> read(Path file) {
        String source = file.toString();
        String text = decode(source, readBytes(file));
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new BadInputException(source + ": the abstracts file is empty");
        }
        List<Paper> papers = trimmed.startsWith("[") || trimmed.startsWith("{")
                ? DailyPapersJsonFormat.parse(source, text)
                : PageTextFormat.parse(source, text);
        if (papers.isEmpty()) {
            throw new BadInputException(source + ": no paper found (expected title and abstract paragraphs)");
        }
        return withoutDuplicates(papers);
    }

    /** The same paper twice in a day (same id, or same title but for case and punctuation) is listed once. */
    static List<Paper> withoutDuplicates(List<Paper> papers) {
        Set<String> seen = new HashSet<>();
        List<Paper> unique = new ArrayList<>();
        for (Paper paper : papers) {
            boolean newId = paper.id() == null || seen.add("id:" + paper.id());
            boolean newTitle = seen.add("title:" + Text.titleKey(paper.title()));
            if (newId && newTitle) {
                unique.add(paper.at(unique.size()));
            }
        }
        return unique;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": abstracts file not found");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the abstracts file: " + e.getMessage(), e);
        }
    }

    private static String decode(String source, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadInputException(source + ": not a text file (it contains NUL bytes)");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new BadInputException(source + ": not UTF-8 text");
        }
    }
}
