package org.paperdigest.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/**
 * The packaged jar's {@code serve} answering real HTTP on 127.0.0.1, as a mail provider and a reader's browser
 * talk to it, between two real sends to GreenMail: the reader who used the one-click link gets no more digests,
 * and the one who only opened the page still does.
 */
class OneClickUnsubscribeIT {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String SECRET = "an integration-test secret, 32 characters or more";
    static final Pattern LINK = Pattern.compile("<(https://lists\\.example\\.org(/unsubscribe/[^>]+))>");
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aOneClickPostUnsubscribesAGetOnlyShowsTheFormAndTheNextSendSkipsTheReader() throws Exception {
        JarProcess.requireJar();
        Files.writeString(dir.resolve("subscribers.yml"), Workspace.readers(3));
        run("send", "--date", "2025-07-29");
        Map<String, String> paths = unsubscribePaths();
        assertThat(paths).containsOnlyKeys("reader01@example.org", "reader02@example.org", "reader03@example.org");
        String leaver = paths.get("reader01@example.org");
        String looker = paths.get("reader02@example.org");

        try (JarProcess serve = JarProcess.start("serve", dir, dir.resolve("logs"), args("serve"))) {
            assertThat(serve.awaitWhileAlive(() -> serve.stdout().contains("serving unsubscribes on port"),
                    Duration.ofMinutes(2))).as(serve.describe()).isTrue();
            Matcher port = Pattern.compile("on port (\\d+) at /unsubscribe/\\{token}").matcher(serve.stdout());
            assertThat(port.find()).as(serve.describe()).isTrue();
            String base = "http://127.0.0.1:" + port.group(1);

            HttpResponse<String> page = get(base + looker);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("r***@example.org", "<form method=\"post\"", "value=\"One-Click\"")
                    .doesNotContain("reader02");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");

            String token = leaver.substring(leaver.lastIndexOf('/') + 1);
            String mac = token.substring(token.indexOf('.'));
            String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            String otherReadersId = looker.substring(looker.lastIndexOf('/') + 1, looker.indexOf('.')) + mac;
            for (String bad : List.of(tampered, token.substring(0, token.length() - 5), otherReadersId, "999" + mac,
                    "not-a-token")) {
                assertThat(post(base + "/unsubscribe/" + bad, ONE_CLICK).statusCode()).as(bad).isEqualTo(404);
                assertThat(get(base + "/unsubscribe/" + bad).statusCode()).as(bad).isEqualTo(404);
            }
            assertThat(get(base + "/").statusCode()).isEqualTo(404);
            assertThat(post(base + "/unsubscribe", ONE_CLICK).statusCode()).isEqualTo(404);
            assertThat(post(base + "/other/" + token, ONE_CLICK).statusCode()).isEqualTo(404);
            assertThat(post(base + leaver, ONE_CLICK + "&" + "x".repeat(4000)).statusCode()).isEqualTo(413);
            assertThat(post(base + leaver, "List-Unsubscribe=Something-Else").statusCode()).isEqualTo(400);

            HttpResponse<String> unsubscribed = post(base + leaver, ONE_CLICK);
            assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
            assertThat(unsubscribed.body()).contains("r***@example.org will get no more digests");
            assertThat(post(base + leaver, ONE_CLICK).statusCode()).as("repeated").isEqualTo(200);
        }

        String suppressed = run("subscribers", "suppressed", "--json");
        assertThat(suppressed).contains("\"email\":\"reader01@example.org\",\"reason\":\"unsubscribed\"")
                .doesNotContain("reader02", "reader03");
        assertThat(run("subscribers", "suppressed")).contains("reader01@example.org  unsubscribed  ")
                .contains("1 address suppressed");
        List<String> sync = run("subscribers", "sync").lines().toList();
        assertThat(sync).hasSize(2).endsWith("added 0, changed 0, deactivated 0, unchanged 3");
        assertThat(sync.get(0)).matches("! reader01@example\\.org unsubscribed on \\d{4}-\\d{2}-\\d{2}: "
                + "gets no digests; remove the entry from the file");

        run("send", "--date", "2025-07-30", "--allow-date-mismatch"); // the sample page again, as the next day
        List<String> secondDay = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> messageId(m).startsWith("<digest.2025-07-30.")).map(OneClickUnsubscribeIT::to)
                .sorted().toList();
        assertThat(secondDay).containsExactly("reader02@example.org", "reader03@example.org");
    }

    /** The path of each reader's List-Unsubscribe link, with the RFC 8058 header beside it. */
    private Map<String, String> unsubscribePaths() throws Exception {
        Map<String, String> paths = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) { // the first day's only
            Matcher link = LINK.matcher(message.getHeader("List-Unsubscribe", null));
            assertThat(link.find()).as(message.getHeader("List-Unsubscribe", null)).isTrue();
            assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo(ONE_CLICK);
            assertThat(Messages.textPart(message)).contains(link.group(1));
            assertThat(Messages.htmlPart(message)).contains("href=\"" + link.group(1) + "\"");
            paths.put(to(message), link.group(2));
        }
        return paths;
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String to(MimeMessage message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** As a mail provider sends it (RFC 8058): form-encoded, no cookies, redirects not followed. */
    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String run(String... command) {
        try (JarProcess process = JarProcess.start(command[0], dir, dir.resolve("logs"), args(command))) {
            assertThat(process.waitFor(Duration.ofMinutes(3))).as(process.describe()).isZero();
            return process.stdout();
        }
    }

    private List<String> args(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/paper-digest"));
        args.add("--spring.mail.host=127.0.0.1");
        args.add("--spring.mail.port=" + smtp.getSmtp().getPort());
        args.add("--digest.from=Paper Digest <digest@example.org>");
        args.add("--digest.subscribers-file=" + dir.resolve("subscribers.yml"));
        args.add("--digest.abstracts=" + Workspace.SAMPLE_DAY);
        args.add("--digest.templates-dir=" + Path.of("templates").toAbsolutePath());
        args.add("--digest.unsubscribe-url=https://lists.example.org/unsubscribe/{token}");
        args.add("--digest.unsubscribe-secret=" + SECRET);
        args.add("--digest.http.port=0");
        args.add("--digest.http.address=127.0.0.1");
        args.add("--digest.repeat-papers=true"); // the next day is the same page again: its papers would not repeat
        return args;
    }
}
