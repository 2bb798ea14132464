package org.paperdigest.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A source on 127.0.0.1 in the test JVM: each path answers its queued responses in turn, the last one
 * for every request after; a response may also never come, until the server is closed.
 */
final class RecordedSources implements AutoCloseable {

    record Response(int status, String contentType, byte[] body, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Deque<Response>> responses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    RecordedSources() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static Response ok(String contentType, String body) {
        return new Response(200, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Response status(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static Response never() {
        return new Response(0, null, new byte[0], true);
    }

    /** Headers that promise more than the body then sent, and no more of it. */
    static Response stalls(String contentType, String start) {
        return new Response(200, contentType, start.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A recorded response from src/test/resources/sources. */
    static Response recorded(String contentType, String name) {
        try (InputStream in = RecordedSources.class.getResourceAsStream("/sources/" + name)) {
            return new Response(200, contentType, in.readAllBytes(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of path (with its query), answering these in turn. */
    String serve(String pathAndQuery, Response... answers) {
        responses.put(pathAndQuery, new ArrayDeque<>(java.util.List.of(answers)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    int requests(String pathAndQuery) {
        AtomicInteger count = requests.get(pathAndQuery);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestURI().toString();
        requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Deque<Response> queue = responses.get(key);
        Response response;
        synchronized (this) {
            response = queue == null ? status(404, "text/plain", "no such path")
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        try (exchange) {
            if (response.hang() && response.status() == 0) {
                closed.await(); // the client gives up first
                return;
            }
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            int length = response.body().length + (response.hang() ? 1000 : 0);
            exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
            exchange.getResponseBody().write(response.body());
            if (response.hang()) {
                exchange.getResponseBody().flush();
                closed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
