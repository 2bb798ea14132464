package org.paperdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;

/**
 * The file is read entry by entry, decoded a buffer at a time: problems far into a long file still
 * name their line (and byte), characters split across buffers read right, and a read for one
 * subscriber stops at it.
 */
class SubscribersFileStreamingTest {

    /** Entries enough for several of the reader's 64 KiB buffers. */
    static final int ENTRIES = 20_000;

    @TempDir
    Path dir;

    private final SubscribersFile subscribersFile = new SubscribersFile(new BalancedQueryValidator());

    @Test
    void multiByteCharactersAcrossBufferBoundariesAreReadRight() throws IOException {
        StringBuilder yaml = new StringBuilder("\uFEFFsubscribers:\n");
        for (int i = 1; i <= ENTRIES; i++) {
            yaml.append("  - email: user%05d@example.org\n    name: Zoë Ærø 注意力 🚀 %d\n    interests: [x]\n"
                    .formatted(i, i));
        }

        List<SubscriberEntry> entries = SubscriberEntries.readAll(subscribersFile, write(yaml.toString()));

        assertThat(entries).hasSize(ENTRIES)
                .allSatisfy(entry -> assertThat(entry.name()).startsWith("Zoë Ærø 注意力 🚀 "));
        assertThat(entries.get(ENTRIES - 1).name()).isEqualTo("Zoë Ærø 注意力 🚀 " + ENTRIES);
        assertThat(entries.get(ENTRIES - 1).line()).isEqualTo(2 + 3 * (ENTRIES - 1));
    }

    @Test
    void aByteThatIsNotUtf8FarIntoTheFileNamesItsLineAndOffset() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(entries(ENTRIES - 1).getBytes(StandardCharsets.UTF_8));
        int line = 2 + 3 * (ENTRIES - 1) + 1;
        bytes.writeBytes("  - email: last@example.org\n    name: Zo".getBytes(StandardCharsets.UTF_8));
        int offset = bytes.size();
        bytes.write(0xEB); // ë in Latin-1
        bytes.writeBytes("\n    interests: [x]\n".getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("latin1.yml"), bytes.toByteArray());

        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":" + line + ": not UTF-8: byte 0xEB at offset " + offset + " (line " + line
                        + ", column 13); save the file as UTF-8");
    }

    @Test
    void aCharacterYamlDoesNotAllowFarIntoTheFileNamesItsLine() throws IOException {
        Path file = write(entries(ENTRIES - 1)
                + "  - email: last@example.org\n    name: A\u0007da\n    interests: [x]\n");

        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":" + (2 + 3 * (ENTRIES - 1) + 1)
                        + ": invalid YAML: character U+0007 is not allowed in YAML");
    }

    @Test
    void theFirstProblemFromTheTopIsReported() throws IOException {
        // Read entry by entry, the bad entry comes before the broken YAML further down.
        Path file = write("subscribers:\n  - email: ada@example.org\n    interests: []\n  - email: [bob\n");

        assertThatThrownBy(() -> SubscriberEntries.readAll(subscribersFile, file))
                .hasMessage(file + ":3: subscriber #1 (ada@example.org): interests is empty;"
                        + " list at least one interest");
    }

    @Test
    void findReadsNoFurtherThanTheSubscriberAskedFor() throws IOException {
        Path file = write(entries(3) + "  - email: [broken\n");

        Optional<SubscriberEntry> found = subscribersFile.find(file, " USER00002@example.org ");

        assertThat(found).map(SubscriberEntry::email).contains("user00002@example.org");
        assertThatThrownBy(() -> subscribersFile.find(file, "nobody@example.org"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":12: invalid YAML");
        // problems before it are still reported
        Path badFirst = write("subscribers:\n  - email: ada@example.org\n    interests: [x]\n    max-papers: 0\n"
                + entries(3).substring("subscribers:\n".length()));
        assertThatThrownBy(() -> subscribersFile.find(badFirst, "user00002@example.org"))
                .hasMessageStartingWith(badFirst + ":4: subscriber #1 (ada@example.org): max-papers");
    }

    @Test
    void locateFindsWhereAnAddressComesFirst() throws IOException {
        Path file = write(entries(3));

        SubscribersFile.Seen seen = subscribersFile.locate(file, "user00003@example.org");
        assertThat(seen.number()).isEqualTo(3);
        assertThat(seen.entry().line()).isEqualTo(8);
        assertThat(seen.entry().email()).isEqualTo("user00003@example.org");
        assertThatThrownBy(() -> subscribersFile.locate(file, "nobody@example.org"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String catchMessage(Runnable read) {
        try {
            read.run();
            return null;
        } catch (BadInputException e) {
            return e.getMessage();
        }
    }

    /** The file's header and {@code count} entries of three lines each. */
    private static String entries(int count) {
        StringBuilder yaml = new StringBuilder("subscribers:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append("  - email: user%05d@example.org\n    name: User %d\n    interests: [x]\n".formatted(i, i));
        }
        return yaml.toString();
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "subscribers", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
