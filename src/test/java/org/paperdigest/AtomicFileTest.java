package org.paperdigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileAsAWholeAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("paper_digest.prom");
        AtomicFile.write(file, "old\n".getBytes(StandardCharsets.UTF_8));

        AtomicFile.write(file, "new\n".getBytes(StandardCharsets.UTF_8));

        assertThat(file).hasContent("new");
        assertThat(names()).containsExactly("paper_digest.prom");
    }

    @Test
    void aWriteThatCannotReplaceTheFileLeavesItsTempFileBehindNeither() throws IOException {
        // a folder with something in it where the file should be: the rename over it fails
        Path file = Files.createDirectories(dir.resolve("2025-07-29.json"));
        Files.writeString(file.resolve("keep"), "x");

        assertThatThrownBy(() -> AtomicFile.write(file, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("Is a directory");

        assertThat(names()).containsExactly("2025-07-29.json");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
