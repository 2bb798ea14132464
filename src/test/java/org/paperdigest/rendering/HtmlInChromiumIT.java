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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final Pattern RESULT = Pattern.compile("<title>overflow:(\\w+) titles:(\\d+) linked:(\\w+) dark:(\\w+) "
            + "background:([^<]*)</title>");

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
        for (Path eml : messages) {
            String name = eml.getFileName().toString().replace(".eml", "");
            Path html = OUT.resolve(name + ".html");
            Files.writeString(html, htmlPart(eml));
            for (int width : new int[] {390, 1280}) {
                for (boolean dark : new boolean[] {false, true}) {
                    String shot = name + "-" + width + (dark ? "-dark" : "");
                    Path harness = OUT.resolve(shot + ".harness.html");
                    Files.writeString(harness, harness(html, width));
                    Matcher result = RESULT.matcher(chromium(dark, width, "--dump-dom", harness.toUri().toString()));
                    assertThat(result.find()).as(shot + ": Chromium answered").isTrue();
                    assertThat(result.group(1)).as(shot + ": wider than the screen").isEqualTo("false");
                    assertThat(Integer.parseInt(result.group(2))).as(shot + ": paper titles").isPositive();
                    assertThat(result.group(3)).as(shot + ": every title a link").isEqualTo("true");
                    assertThat(result.group(4)).as(shot + ": dark mode asked for").isEqualTo(String.valueOf(dark));
                    if (dark) {
                        assertThat(result.group(5)).as(shot + ": the card is dark").isNotEqualTo("rgb(255, 255, 255)");
                    } else {
                        assertThat(result.group(5)).as(shot).isEqualTo("rgb(255, 255, 255)");
                    }
                    chromium(dark, width, "--screenshot=" + OUT.resolve(shot + ".png"), harness.toUri().toString());
                    assertThat(OUT.resolve(shot + ".png")).isNotEmptyFile();
                }
            }
        }
    }

    private static String htmlPart(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return Messages.htmlPart(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    /**
     * The digest in a frame of the given width: headless Chromium's window is never narrower than 500 pixels, and a
     * frame is laid out as a screen that wide would be. Its script reads the frame's layout once it has loaded.
     */
    private static String harness(Path html, int width) {
        return """
                <!DOCTYPE html><html><head><title>pending</title></head><body style="margin:0">
                <iframe id="digest" src="%s" style="width:%dpx;height:1400px;border:0"></iframe>
                <script>
                window.addEventListener('load', function () {
                  var frame = document.getElementById('digest'), w = frame.contentWindow, d = frame.contentDocument;
                  var titles = [].slice.call(d.querySelectorAll('h2'));
                  var linked = titles.every(function (h) { return h.querySelector('a[href]') !== null; });
                  var card = d.querySelector('td.pd-card');
                  document.title = 'overflow:' + (d.documentElement.scrollWidth > w.innerWidth) + ' titles:'
                      + titles.length + ' linked:' + linked + ' dark:'
                      + w.matchMedia('(prefers-color-scheme: dark)').matches + ' background:'
                      + (card ? w.getComputedStyle(card).backgroundColor : 'none');
                });
                </script></body></html>
                """.formatted(html.getFileName(), width);
    }

    /** Runs headless Chromium as the workplace's probe does: no network, a fresh profile, file access. */
    private String chromium(boolean dark, int width, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--allow-file-access-from-files",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--window-size=" + (width + 40) + ",1500"));
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
