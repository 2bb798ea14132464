package org.paperdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.BadInputException;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.Workspace;

class AbstractsReaderTest {

    final AbstractsReader reader = new AbstractsReader(DigestSettings.ABSTRACTS_MAX_SIZE);

    @TempDir
    Path dir;

    @Test
    void readsTheSampleDay() {
        List<Paper> papers = read(Workspace.SAMPLE_DAY);

        assertThat(papers).hasSize(104);
        assertThat(papers.get(0).title())
                .isEqualTo("Insights into DeepSeek-V3: Scaling Challenges and Reflections on Hardware for AI Architectures");
        assertThat(papers.get(0).summary()).startsWith("The rapid scaling of large language models (LLMs)");
        assertThat(papers).extracting(Paper::position).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 104).boxed().toList());
        Paper tactic = papers.stream().filter(p -> p.title().startsWith("TACTIC")).findFirst().orElseThrow();
        assertThat(tactic.codeUrl()).isEqualTo("https://github.com/weiyali126/TACTIC");
        // no arXiv id in the page text: the title links to an arXiv search for it, the code link stays
        assertThat(tactic.link()).isEqualTo("https://arxiv.org/search/?searchtype=title&query="
                + "TACTIC%3A+Translation+Agents+with+Cognitive-Theoretic+Interactive+Collaboration");
    }

    @Test
    void toleratesBomCrlfExtraBlankLinesAndTrailingSpaces() throws Exception {
        String sample = Files.readString(Workspace.SAMPLE_DAY);
        String messy = "\uFEFF" + sample.replace("\n\n", "  \n\n\n \n").replace("\n", "\r\n");
        Path file = Files.writeString(dir.resolve("messy.txt"), messy);

        assertThat(read(file)).isEqualTo(read(Workspace.SAMPLE_DAY));
    }

    @Test
    void aTitleWithoutAbstractIsAnErrorNamingItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("day.txt"), """
                Daily Papers

                Jul 29

                First title

                First abstract, long enough.

                Second title
                """);

        assertThatThrownBy(() -> read(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ":9: the title 'Second title' has no abstract after it");
    }

    @Test
    void aMissingTitleShiftsAnAbstractIntoATitlesPlaceAndIsReported() throws Exception {
        String abstractText = "This abstract has lost its title. ".repeat(20);
        Path file = Files.writeString(dir.resolve("day.txt"),
                "Jul 29\n\nTitle one\n\n" + abstractText + "\n\n" + abstractText + "\n\nTitle three\n\nAbstract three.\n");

        assertThatThrownBy(() -> read(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":7: expected a paper title");
    }

    @Test
    void readsDailyPapersJsonNormalisingWhitespaceAndDroppingDuplicates() throws Exception {
        Path file = Files.writeString(dir.resolve("papers.json"), """
                [
                  {"paper": {"id": "2507.12345", "title": "Speculative\\n  Decoding\\tat Scale",
                    "summary": "We speed up\\ndecoding.\\n\\nCode: https://github.com/x/y.",
                    "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}], "upvotes": 42},
                   "publishedAt": "2025-07-29T00:00:00.000Z"},
                  {"paper": {"id": "2507.12345", "title": "Same id again", "summary": "dup"}},
                  {"paper": {"id": "2507.99999", "title": "speculative decoding at scale!", "summary": "dup title"}},
                  {"paper": {"title": "No id", "summary": "See https://example.org/project and https://gitlab.com/a/b."}}
                ]
                """);

        List<Paper> papers = read(file);

        assertThat(papers).hasSize(2);
        Paper first = papers.get(0);
        assertThat(first.title()).isEqualTo("Speculative Decoding at Scale");
        assertThat(first.summary()).isEqualTo("We speed up decoding. Code: https://github.com/x/y.");
        assertThat(first.authors()).containsExactly("Ada Lovelace", "Alan Turing");
        assertThat(first.upvotes()).isEqualTo(42);
        assertThat(first.link()).isEqualTo("https://huggingface.co/papers/2507.12345");
        assertThat(first.arxivUrl()).isEqualTo("https://arxiv.org/abs/2507.12345");
        assertThat(papers.get(1).position()).isEqualTo(1);
        assertThat(first.pdfUrl()).isEqualTo("https://arxiv.org/pdf/2507.12345");
        assertThat(papers.get(1).link()).isEqualTo("https://arxiv.org/search/?searchtype=title&query=No+id");
        assertThat(papers.get(1).codeUrl()).isEqualTo("https://gitlab.com/a/b");
    }

    @Test
    void theFormatIsChosenByContentNotByExtension() throws Exception {
        Path json = Files.writeString(dir.resolve("papers.txt"), "  [{\"paper\": {\"title\": \"T\", \"summary\": \"S\"}}]");

        assertThat(read(json)).extracting(Paper::title).containsExactly("T");
    }

    @Test
    void badFilesAreErrorsNamingTheFile() throws Exception {
        Path truncated = Files.writeString(dir.resolve("t.json"), "[{\"paper\": {\"title\": \"T\",\n \"summary\": ");
        Path binary = Files.write(dir.resolve("b.bin"), new byte[] {1, 2, 0, 4});
        Path latin1 = Files.write(dir.resolve("l.txt"), "Jul 29\n\nCaf\u00e9\n\nAbstract".getBytes(StandardCharsets.ISO_8859_1));
        Path noPaper = Files.writeString(dir.resolve("n.txt"), "Daily Papers\n\nJul 29\n");
        Path noTitle = Files.writeString(dir.resolve("nt.json"), "[{\"paper\": {\"summary\": \"S\"}}]");

        assertThatThrownBy(() -> read(truncated)).hasMessageStartingWith(truncated + ":2:").hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> read(binary)).hasMessage(binary + ": not a text file (it contains NUL bytes)");
        assertThatThrownBy(() -> read(latin1)).hasMessage(latin1 + ":3: not UTF-8: byte 0xE9 at offset 11 (line 3)");
        assertThatThrownBy(() -> read(noPaper)).hasMessageStartingWith(noPaper + ": no paper found");
        assertThatThrownBy(() -> read(noTitle)).hasMessage(noTitle + ": item #1 has no paper.title");
        assertThatThrownBy(() -> read(dir.resolve("missing.txt"))).hasMessageEndingWith("abstracts file not found");
    }

    @Test
    void nonUtf8InputNamesTheLineAndByteOffsetOfTheFirstBadByte() throws Exception {
        String sample = Files.readString(Workspace.SAMPLE_DAY);
        int line7 = sample.lines().limit(6).mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
        int at = line7 + 4;
        bytes[at] = (byte) 0xE9; // Latin-1 é in the middle of line 7: a lone continuation-less lead byte
        Path file = Files.write(dir.resolve("day.txt"), bytes);

        assertThatThrownBy(() -> read(file)).isInstanceOf(BadInputException.class)
                .hasMessage(file + ":7: not UTF-8: byte 0xE9 at offset " + at + " (line 7)");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        AbstractsReader small = new AbstractsReader(DataSize.ofKilobytes(100));

        assertThatThrownBy(() -> small.listing(Workspace.SAMPLE_DAY)).isInstanceOf(BadInputException.class)
                .hasMessage(Workspace.SAMPLE_DAY + ": the abstracts file is 174267 bytes, more than "
                        + "digest.abstracts-max-size (102400 bytes); a day of papers is usually under 1 MB");
        assertThat(new AbstractsReader(DataSize.ofKilobytes(171)).listing(Workspace.SAMPLE_DAY).papers()).hasSize(104);
    }

    List<Paper> read(Path file) {
        return reader.listing(file).papers();
    }
}
