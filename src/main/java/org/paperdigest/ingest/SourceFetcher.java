package org.paperdigest.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Fetches a day's list from an http(s) source, with a connect timeout and a read timeout for the whole answer
 * (a source that sends its headers and then stalls is not waited for forever), retrying a source that is
 * down for a moment (5xx, 429, no answer in time) with a doubling backoff. A source still down after its
 * retries is {@link SourceUnavailableException} (exit 1: run again later); one that answers 4xx is a URL
 * to fix (exit 2).
 */
@Component
class SourceFetcher {

    private HttpClient http; // made on the first fetch: most commands and most days read files
    private final RetryTemplate retry;
    private final SourceProperties settings;
    private final long maxBytes;

    /** A temporary failure: retried, then reported as the source being down. */
    private static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    @Autowired
    SourceFetcher(SourceProperties settings, DigestProperties properties) {
        this(settings, properties.abstractsMaxSize().toBytes());
    }

    SourceFetcher(SourceProperties settings, long maxBytes) {
        this.settings = settings;
        this.maxBytes = maxBytes;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(settings.retries())
                .delay(settings.backoffInitial())
                .multiplier(2)
                .includes(IOException.class) // refused, reset, timed out, or Unavailable
                .build());
    }

    SourceDocument fetch(String url) {
        HttpRequest request = HttpRequest.newBuilder(uri(url))
                .timeout(settings.readTimeout())
                .header("Accept", "application/json, application/rss+xml, application/atom+xml, application/xml")
                .header("User-Agent", "paper-digest")
                .GET()
                .build();
        try {
            return retry.execute(() -> send(url, request));
        } catch (RetryException e) {
            Throwable last = e.getLastException();
            if (last instanceof BadInputException bad) {
                throw bad;
            }
            if (last instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SourceUnavailableException(url + ": the source is down (" + describe(last) + ", "
                    + (settings.retries() + 1) + " tries); run the command again later", last);
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    private SourceDocument send(String url, HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = http().sendAsync(request, info -> new UpTo(maxBytes + 1));
        HttpResponse<byte[]> response;
        try {
            response = answer.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no answer in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new Unavailable("HTTP " + status);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        byte[] bytes = response.body();
        if (bytes.length > maxBytes) {
            throw new BadInputException(url + ": the answer is more than digest.abstracts-max-size ("
                    + maxBytes + " bytes); a day of papers is usually under 1 MB");
        }
        String body = AbstractsReader.decode(url, bytes);
        if (status >= 300) {
            throw new BadInputException(url + ": answered HTTP " + status + " ("
                    + (contentType == null ? "no content type" : contentType) + "): '"
                    + PageTextFormat.abbreviate(OneLine.of(body)) + "'");
        }
        return new SourceDocument(url, contentType, body);
    }

    /** The body, or its first {@code limit} bytes: reading stops there, and the caller refuses so long an answer. */
    private static final class UpTo implements HttpResponse.BodySubscriber<byte[]> {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final long limit;
        private Flow.Subscription subscription;

        UpTo(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                body.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private static URI uri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(url + ": not a valid URL (" + e.getMessage() + ")");
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : OneLine.of(message);
    }
}
