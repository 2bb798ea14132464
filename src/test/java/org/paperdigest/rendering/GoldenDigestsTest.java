package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperdigest.DigestProperties;
import org.paperdigest.ingest.PaperFiles;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.InterestQueries;
import org.paperdigest.matching.Matching;
import org.paperdigest.matching.MatchingProperties;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.subscribers.SubscriberEntries;
import org.paperdigest.subscribers.SubscriberEntry;
import org.paperdigest.subscribers.SubscribersFile;
import org.paperdigest.support.DigestSettings;
import org.paperdigest.support.RenderedDigests;

/**
 * Every digest of the benchmark's subscribers ({@link #GENERATED}), the sample subscribers and a few
 * hostile ones, matched and rendered for the sample day, must hash to what the plain renderer produced
 * before the hot path was optimized: any change to the bytes shows here. target/golden-digests.txt gets
 * one hash per digest, to diff against the file of an older build; {@code -Dgolden.dump=DIR} writes the
 * digests themselves. A change meant to change digests (the templates, the sample day,
 * config/subscribers.yml) updates {@link #EXPECTED}, which the failure prints, after a look at the dumped
 * digests.
 */
class GoldenDigestsTest {

    static final LocalDate DATE = LocalDate.of(2025, 7, 29);

    // Computed with the renderer of 8cc5d83, before any rendering optimization; changed on purpose by issue 14,
    // "every paper gets a link": titles without an arXiv id link to an arXiv title search (a Find line in
    // the text part), and papers with one get a PDF link; and by issue 13: an interest written as a query shows
    // without its syntax in the subject and the Matched line ("reinforcement learning and reasoning", not
    // "... AND ..."). Nothing else in the output changed.
    static final String EXPECTED = "0586e22504a72ee177c871536f993ef141368d3b5b540b2824ccab0648fa75ff";

    // bench/gen-subscribers.py 2000 --seed 1, committed so that this guard runs wherever the tests do.
    static final Path GENERATED = Path.of("src/test/resources/golden/subscribers-2000.yml");

    static List<Subscriber> subscribers;
    static DayMatcher day;

    @BeforeAll
    static void load() throws Exception {
        SubscribersFile file = new SubscribersFile(new InterestQueries(new MatchingProperties("none")));
        List<SubscriberEntry> entries = new ArrayList<>(SubscriberEntries.readAll(file, GENERATED));
        entries.addAll(SubscriberEntries.readAll(file, Path.of("config/subscribers.yml")));
        entries.addAll(SubscriberEntries.readAll(file, Path.of("src/test/resources/sample-day/subscribers.yml")));
        subscribers = new ArrayList<>();
        for (SubscriberEntry e : entries) {
            subscribers.add(new Subscriber(subscribers.size(), e.email(), e.name(), e.interests(), e.exclude(),
                    e.maxPapers(), e.format(), e.active(), null, List.of()));
        }
        List<String> hostileNames = new ArrayList<>(List.of("Eve\r\nBcc: x@example.org", "<b>Bold</b> & \"Co\"",
                "  spaced\tout  ", "line\u2028sep\u2029para", "\u0000nul\u007f", "Zoë 🦉 Ωmega", "", "{{greeting}}",
                "Ada\u00a0Non-breaking", "\u2003em space\u2003"));
        hostileNames.add(null);
        for (String name : hostileNames) {
            for (Format format : Format.values()) {
                subscribers.add(new Subscriber(subscribers.size(), "h" + subscribers.size() + "@example.org", name,
                        List.of("KV cache", "γ-MoD", "quantization"), List.of("Medusa"), 4, format, true, null,
                        List.of()));
            }
        }
        day = new Matching(null, new InterestQueries(new MatchingProperties("none")))
                .of(PaperFiles.read(Path.of("samples/hf-daily-papers-jul-29.txt")));
    }

    /** The tokens the hashes were made with; the hostile readers' have characters a URL must escape. */
    static String token(Subscriber s) {
        return (s.email().equals("h" + s.id() + "@example.org") ? "tok +/&?=é" : "tok") + s.id();
    }

    static DigestRenderer renderer(String from, String unsubscribeUrl) {
        DigestProperties properties = DigestSettings.of(from, Path.of("config/subscribers.yml"),
                "samples/hf-daily-papers-jul-29.txt", Path.of("templates"), ZoneOffset.UTC, unsubscribeUrl, "",
                Path.of("outbox"), 100);
        UnsubscribeLinks links = new UnsubscribeLinks(properties, GoldenDigestsTest::token);
        return new DigestRenderer(new Templates(properties), links, properties);
    }

    static String hash(RenderedDigest d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(d.subject().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(RenderedDigests.text(d).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            String html = RenderedDigests.html(d);
            sha.update(html == null ? new byte[] {1} : html.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per (renderer, subscriber): "r index email hash". */
    static List<String> render(List<DigestRenderer> renderers) throws IOException {
        return render(renderers, subscribers);
    }

    static List<String> render(List<DigestRenderer> renderers, List<Subscriber> subscribers) throws IOException {
        String dump = System.getProperty("golden.dump");
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < renderers.size(); r++) {
            DigestRenderer renderer = renderers.get(r);
            for (Subscriber s : subscribers) {
                // an issue of its own per digest: each is rendered on its own, sharing nothing with the others
                RenderedDigest d = renderer.render(s, renderer.issue(DATE),
                        day.select(s.interests(), s.exclude(), s.maxPapers(), null));
                lines.add(r + " " + s.id() + " " + s.email() + " " + hash(d));
                if (dump != null) {
                    Path base = Path.of(dump, r + "-" + s.id());
                    Files.createDirectories(base.getParent());
                    Files.writeString(Path.of(base + ".subject"), d.subject());
                    Files.writeString(Path.of(base + ".txt"), RenderedDigests.text(d));
                    if (d.htmlUtf8() != null) {
                        Files.writeString(Path.of(base + ".html"), RenderedDigests.html(d));
                    }
                }
            }
        }
        return lines;
    }

    static List<DigestRenderer> renderers() {
        return List.of(renderer("Paper Digest <digest@example.org>", "https://digest.example.org/u/{token}"),
                renderer("\"The \\\"Daily\\\" Papers\" <x@example.org>", ""),
                renderer(null, "mailto:leave@example.org?subject={token}"));
    }

    @Test
    void everyDigestIsByteForByteWhatItWas() throws Exception {
        List<String> lines = render(renderers());
        Path out = Path.of("target", "golden-digests.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        lines.forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(lines).hasSize(3 * subscribers.size());
        assertThat(HexFormat.of().formatHex(sha.digest())).as("see " + out).isEqualTo(EXPECTED);
    }

    @Test
    void renderingFromSeveralThreadsAtOnceGivesTheSameDigests() throws Exception {
        // every fifth subscriber, hostile ones included: enough for four threads to meet in the caches
        List<Subscriber> some = subscribers.stream().filter(s -> s.id() % 5 == 0).toList();
        List<DigestRenderer> renderers = renderers();
        List<String> expected = render(renderers(), some);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> render(renderers, some)));
            }
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
