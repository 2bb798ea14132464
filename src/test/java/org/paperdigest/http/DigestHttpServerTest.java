package org.paperdigest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/**
 * The HTTP server of {@code schedule} and {@code serve}, in this JVM against GreenMail and an H2 file database:
 * while schedule runs, /actuator/prometheus counts what GreenMail received and shows Spring Batch's series, and a
 * one-click POST suppresses the reader; without digest.http.port schedule opens no port.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DigestHttpServerTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    static final Pattern LINK = Pattern.compile("<https://lists\\.example\\.org(/unsubscribe/[^>]+)>");
    static final Pattern DELIVERED = Pattern.compile("(?m)^paper_digest_messages_total\\{outcome=\"delivered\"} (\\S+)$");
    static final Pattern JOB_COMPLETED = Pattern.compile(
            "(?m)^spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"dailyDigest\"[^}]*"
                    + "spring_batch_job_status=\"COMPLETED\"[^}]*} 1$");

    /** Prometheus' text format (its parameters' spacing as Tomcat writes them: none) */
    static final String TEXT_FORMAT = "text/plain;version=0.0.4;charset=utf-8";

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void whileScheduleRunsItServesItsMetricsAndOneClickUnsubscribes() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Workspace workspace = unsubscribable(new Workspace(dir).withSmtp(smtp.getSmtp().getPort()))
                .with("digest.http.port", String.valueOf(port)).subscribers(Workspace.readers(3));
        workspace.with("digest.abstracts", workspace.todaysPage().toString());

        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread schedule = new Thread(() -> result.set(workspace.run("schedule", "--cron", "* * * * * *")));
        schedule.start();
        try {
            // the first run's end: Batch stops the job's observation before the run's last listener
            String metrics = awaitMetrics(base, schedule, body -> JOB_COMPLETED.matcher(body).find());

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(3);
            Matcher delivered = DELIVERED.matcher(metrics);
            assertThat(delivered.find()).as(metrics).isTrue();
            assertThat(Double.parseDouble(delivered.group(1))).isEqualTo(received.length);
            assertThat(metrics).containsPattern("(?m)^spring_batch_step_seconds_count\\{[^}]*"
                    + "spring_batch_step_name=\"sendDigests\"[^}]*} 1$");

            assertThat(contentType(get(base + MetricsHandler.PATH, "*/*"))).isEqualTo(TEXT_FORMAT);
            HttpResponse<String> openMetrics = get(base + MetricsHandler.PATH,
                    "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.3");
            assertThat(openMetrics.statusCode()).isEqualTo(200);
            assertThat(contentType(openMetrics)).isEqualTo("application/openmetrics-text;version=1.0.0;charset=utf-8");
            assertThat(openMetrics.body()).contains("paper_digest_messages_total{outcome=\"delivered\"} 3.0")
                    .endsWith("# EOF\n");

            String leaver = unsubscribePath(received, "reader01@example.org");
            HttpResponse<String> unsubscribed = post(base + leaver, ONE_CLICK);
            assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
            assertThat(get(base + "/", "*/*").statusCode()).isEqualTo(404);
            assertThat(post(base + MetricsHandler.PATH, ONE_CLICK).statusCode()).isEqualTo(404);
        } finally {
            schedule.interrupt();
            schedule.join(60_000);
        }

        assertThat(result.get().out()).contains("serving unsubscribes at /unsubscribe/{token} and metrics at "
                + "/actuator/prometheus on port " + port);
        assertThat(workspace.query("SELECT email, reason FROM suppression")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("EMAIL", "reader01@example.org")
                        .containsEntry("REASON", "unsubscribed"));
        assertThatThrownBy(() -> get(base + MetricsHandler.PATH, "*/*")).as("closed with schedule")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void withoutThePortScheduleOpensNoPort() throws Exception {
        Workspace workspace = unsubscribable(new Workspace(dir)).subscribers(Workspace.readers(2));
        workspace.with("digest.abstracts", workspace.todaysPage().toString());
        Set<Integer> listening = listeningPorts();
        assertThat(listening).as("the tables are read right").contains(smtp.getSmtp().getPort());

        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread schedule = new Thread(() -> result.set(workspace.run("schedule", "--cron", "* * * * * *")));
        schedule.start();
        Set<Integer> during;
        try {
            Path today = workspace.outbox().resolve(LocalDate.now(ZoneOffset.UTC).toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!Files.exists(today.resolve("reader02@example.org.eml")) && schedule.isAlive()
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(today.resolve("reader02@example.org.eml")).as("the run of today").exists();
            during = listeningPorts();
        } finally {
            schedule.interrupt();
            schedule.join(60_000);
        }

        // The JVM may open other ports meanwhile (H2's for AUTO_SERVER): none of them may be an HTTP server.
        during.removeAll(listening);
        assertThat(during).as("new ports that answer HTTP").noneMatch(this::answersHttp);
        assertThat(result.get().out()).contains("scheduled: next send at").doesNotContain("serving");
    }

    @Test
    void serveAnswersTheMetricsBesideTheUnsubscribes() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Workspace workspace = unsubscribable(new Workspace(dir)).with("digest.http.port", String.valueOf(port))
                .subscribers(Workspace.readers(1));
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero(); // serve needs a database

        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread serve = new Thread(() -> result.set(workspace.run("serve")));
        serve.start();
        try {
            awaitMetrics(base, serve, body -> body.contains("paper_digest_messages_total{outcome=\"delivered\"} 0.0"));
            assertThat(contentType(get(base + MetricsHandler.PATH, "*/*"))).isEqualTo(TEXT_FORMAT);
            assertThat(get(base + "/unsubscribe/not-a-token", "*/*").statusCode()).isEqualTo(404);
            assertThat(get(base + "/actuator", "*/*").statusCode()).isEqualTo(404);
        } finally {
            serve.interrupt();
            serve.join(60_000);
        }
        assertThat(result.get().out()).contains("serving unsubscribes on port " + port
                + " at /unsubscribe/{token}, metrics at /actuator/prometheus");
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase();
    }

    private static Workspace unsubscribable(Workspace workspace) {
        return workspace.with("digest.unsubscribe-url", "https://lists.example.org/unsubscribe/{token}")
                .with("digest.unsubscribe-secret", "a unit-test secret of 32 characters or more")
                .with("digest.http.address", "127.0.0.1");
    }

    /** The metrics once the server answers them and they satisfy {@code done}, while the command runs. */
    private String awaitMetrics(String base, Thread command, java.util.function.Predicate<String> done)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String body = "";
        while (command.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get(base + MetricsHandler.PATH, "*/*");
                assertThat(response.statusCode()).isEqualTo(200);
                body = response.body();
                if (done.test(body)) {
                    return body;
                }
            } catch (ConnectException notYetListening) {
                // the command is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the metrics never showed what was awaited (command alive: " + command.isAlive()
                + "):\n" + body);
    }

    private static String unsubscribePath(MimeMessage[] messages, String address) throws Exception {
        for (MimeMessage message : messages) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                Matcher link = LINK.matcher(message.getHeader("List-Unsubscribe", null));
                assertThat(link.find()).isTrue();
                return link.group(1);
            }
        }
        throw new AssertionError("no message to " + address);
    }

    private HttpResponse<String> get(String url, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", accept)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether the local port answers an HTTP request for the metrics (anything else listening on it does not). */
    private boolean answersHttp(int port) {
        try {
            HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            quick.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + MetricsHandler.PATH))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The TCP ports this JVM listens on: the listening sockets of Linux's tables whose inode is one of this process's
     * file descriptors. Other processes, such as the tests of another fork, open ports meanwhile.
     */
    private static Set<Integer> listeningPorts() {
        Set<String> mine = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString(); // socket:[inode]
                } catch (NoSuchFileException closedSinceListed) { // the listing's own descriptor, for one
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    mine.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table)); // once: the table changes between reads
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields[3].equals("0A") && mine.contains(fields[9])) { // LISTEN, and this JVM's
                        ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                    }
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
