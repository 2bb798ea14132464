package org.paperdigest.matching;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;

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
            return parse(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException("digest.matching.synonyms: " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(OneLine.of("digest.matching.synonyms: " + file + ": " + e.getMessage()), e);
        }
    }

    private static SynonymMap parse(Reader reader, String name) {
        // expand: every form of a line matches every other; dedup: a form listed twice is one
        SolrSynonymParser parser = new SolrSynonymParser(true, true, new InterestAnalyzer());
        try (reader) {
            parser.parse(reader);
            return parser.build();
        } catch (ParseException e) {
            throw new BadInputException(OneLine.of(name + ":" + e.getErrorOffset() + ": not a synonyms line: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())), e);
        } catch (IOException e) {
            throw new BadInputException(OneLine.of(name + ": " + e.getMessage()), e);
        }
    }
}
