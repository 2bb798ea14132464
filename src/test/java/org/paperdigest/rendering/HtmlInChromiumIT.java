package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/**
 * The HTML part of sample digests, as headless Chromium (Debian's chromium package) lays it out at a phone's
 * width and a desktop's: nothing wider than the screen, every paper title a link, and dark mode applied when
 * the reader's system asks for it. The screenshots stay in target/chromium/ for people to look at.
 */
class HtmlInChromiumIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target/chromium").toAbsolutePath();
    /** A frame's height in the harness: the longest sample digest's first screens. */
    static final int FRAME_HEIGHT = 1400;
    static final Pattern RESULT = Pattern.compile("\\[(\\d+) overflow:(\\w+) titles:(\\d+) linked:(\\w+) dark:(\\w+) "
            + "background:([^]]*)]");

    @TempDir
    Path dir;

    @Test
    void digestsFitAPhoneAndADesktopWithEveryTitleALinkAndADarkMode() throws Exception {
        assertThat(CHROMIUM).as("headless Chromium: install Debian's chromium package (.ci/run does)").isExecutable();
        Files.createDirectories(OUT);
        Workspace workspace = new Workspace(dir).subscribers("""
                subscribers:
                  - email: many@example.org
                    interests: [large language models, reasoning, diffusion]
                    max-papers: 30
                  - email: one@example.org
                    interests: [KV cache]
                    max-papers: 3
                  - email: text-heavy@example.org
                    name: A Reader With A Rather Long Name That Goes On And On
                    interests: [benchmark, "mixture of experts"]
                """);
        Cli.Result sent = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        assertThat(sent.exitCode()).as(sent.err()).isZero();

        List<Path> messages;
        try (Stream<Path> files = Files.list(workspace.outbox().resolve(Workspace.SAMPLE_DATE))) {
            messages = files.sorted().toList();
        }
        assertThat(messages).hasSize(3);
        List<Path> digests = new ArrayList<>();
        for (Path eml : messages) {
            Path html = OUT.resolve(eml.getFileName().toString().replace(".eml", ".html"));
            Files.writeString(html, htmlPart(eml));
            digests.add(html);
        }
        // One Chromium per screen and colour scheme, for the layout and the screenshot, with the three digests side
        // by side: starting Chromium costs more than laying out a page.
        for (int width : new int[] {390, 1280}) {
            for (boolean dark : new boolean[] {false, true}) {
                String shot = "digests-" + width + (dark ? "-dark" : "");
                Path harness = OUT.resolve(shot + ".harness.html");
                Files.writeString(harness, harness(digests, width));
                Path png = OUT.resolve(shot + ".png");
                String dom = chromium(dark, width * digests.size(), "--dump-dom", "--screenshot=" + png,
                        harness.toUri().toString());
                List<MatchResult> results = RESULT.matcher(dom).results().toList();
                assertThat(results).as(shot + ": Chromium answered for every digest: " + dom).hasSize(digests.size());
                for (MatchResult result : results) {
                    String what = shot + ", " + digests.get(Integer.parseInt(result.group(1))).getFileName();
                    assertThat(result.group(2)).as(what + ": wider than the screen").isEqualTo("false");
                    assertThat(Integer.parseInt(result.group(3))).as(what + ": paper titles").isPositive();
                    assertThat(result.group(4)).as(what + ": every title a link").isEqualTo("true");
                    assertThat(result.group(5)).as(what + ": dark mode asked for").isEqualTo(String.valueOf(dark));
                    if (dark) {
                        assertThat(result.group(6)).as(what + ": the card is dark").isNotEqualTo("rgb(255, 255, 255)");
                    } else {
                        assertThat(result.group(6)).as(what).isEqualTo("rgb(255, 255, 255)");
                    }
                }
                assertThat(png).isNotEmptyFile();
            }
        }
    }

    private static String htmlPart(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return Messages.htmlPart(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    /**
     * The digests side by side, each in a frame of the given width: headless Chromium's window is never narrower
     * than 500 pixels, and a frame is laid out as a screen that wide would be. Its script reads each frame's layout
     * once all have loaded, into the page's title.
     */
    private static String harness(List<Path> digests, int width) {
        String frames = digests.stream().map(html -> """
                <iframe src="%s" style="width:%dpx;height:%dpx;border:0;vertical-align:top"></iframe>"""
                .formatted(html.getFileName(), width, FRAME_HEIGHT)).collect(Collectors.joining());
        return """
                <!DOCTYPE html><html><head><title>pending</title></head>
                <body style="margin:0;white-space:nowrap">%s
                <script>
                window.addEventListener('load', function () {
                  document.title = [].map.call(document.querySelectorAll('iframe'), function (frame, i) {
                    var w = frame.contentWindow, d = frame.contentDocument;
                    var titles = [].slice.call(d.querySelectorAll('h2'));
                    var linked = titles.every(function (h) { return h.querySelector('a[href]') !== null; });
                    var card = d.querySelector('td.pd-card');
                    return '[' + i + ' overflow:' + (d.documentElement.scrollWidth > w.innerWidth) + ' titles:'
                        + titles.length + ' linked:' + linked + ' dark:'
                        + w.matchMedia('(prefers-color-scheme: dark)').matches + ' background:'
                        + (card ? w.getComputedStyle(card).backgroundColor : 'none') + ']';
                  }).join(' ');
                });
                </script></body></html>
                """.formatted(frames);
    }

    /** Runs headless Chromium as the workplace's probe does: no network, a fresh profile, file access. */
    private String chromium(boolean dark, int width, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--allow-file-access-from-files",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                "--window-size=" + (width + 40) + "," + (FRAME_HEIGHT + 100)));
        if (dark) {
            command.add("--force-dark-mode");
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("Chromium ends").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
