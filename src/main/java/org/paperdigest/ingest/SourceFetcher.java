package org.paperdigest.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Fetches a day's list from an http(s) source, with connect and read timeouts, retrying a source that is
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
        HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            if (status >= 500 || status == 429) {
                throw new Unavailable("HTTP " + status);
            }
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
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
