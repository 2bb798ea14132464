package org.paperdigest.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;
import org.paperdigest.ingest.AbstractsReader;

/** The synonym map of {@code digest.matching.synonyms}, its entries analyzed as papers are. */
final class Synonyms {

    static final String PACKAGED = "synonyms.txt";

    private Synonyms() {
    }

    /** @return the map, or null for none */
    static SynonymMap load(String setting) {
        if ("none".equals(setting)) {
            return null;
        }
        if (setting == null || setting.isBlank()) {
            InputStream packaged = Synonyms.class.getClassLoader().getResourceAsStream(PACKAGED);
            if (packaged == null) {
                throw new IllegalStateException("the packaged " + PACKAGED + " is missing from the jar");
            }
            return parse(new InputStreamReader(packaged, StandardCharsets.UTF_8), "the packaged " + PACKAGED);
        }
        Path file = Path.of(setting);
        try {
            return parse(new StringReader(AbstractsReader.decode(file.toString(), Files.readAllBytes(file))),
                    file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException("digest.matching.synonyms: " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(OneLine.of("digest.matching.synonyms: " + file + ": " + e.getMessage()), e);
        }
    }

    private static final Pattern LINE = Pattern.compile("at line (\\d+)");

    private static SynonymMap parse(Reader reader, String name) {
        // expand: every form of a line matches every other; dedup: a form listed twice is one
        SolrSynonymParser parser = new SolrSynonymParser(true, true, new InterestAnalyzer());
        try (reader) {
            parser.parse(reader);
            return parser.build();
        } catch (ParseException e) {
            // Lucene gives the line in its message ("Invalid synonym rule at line 2"), and 0 as the offset
            Matcher line = LINE.matcher(String.valueOf(e.getMessage()));
            throw new BadInputException(OneLine.of(name + ":" + (line.find() ? line.group(1) : e.getErrorOffset())
                    + ": not a synonyms line: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())), e);
        } catch (IOException e) {
            throw new BadInputException(OneLine.of(name + ": " + e.getMessage()), e);
        }
    }
}
