package org.paperdigest.ingest;

/**
 * A day's list as a source answered it, kept in H2 with the day's papers so that a resume reads it
 * from there instead of fetching it again.
 *
 * @param url         the URL fetched, {@code {date}} replaced
 * @param contentType the answer's Content-Type, or null when it had none
 */
public record SourceDocument(String url, String contentType, String body) {
}
