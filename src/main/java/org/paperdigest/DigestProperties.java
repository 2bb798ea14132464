package org.paperdigest;

import java.nio.file.Path;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest.*} settings; every one is documented in {@code config/application.yml}.
 *
 * @param from            sender, an RFC 5322 address with optional display name
 * @param subscribersFile the subscribers YAML, relative to the working directory
 * @param abstracts       the day's input; {@code {date}} is replaced by the issue date
 * @param templatesDir    templates here override the packaged ones
 * @param zone            time zone that decides what "today" is
 * @param unsubscribeUrl  URL (or mailto:) template with {@code {token}}; blank for none
 * @param listId          List-Id header value; blank derives it from the sender's domain
 * @param outbox          where messages are written as .eml files when no SMTP host is set
 * @param chunkSize       subscribers per chunk (one transaction and one SMTP session)
 */
@ConfigurationProperties("digest")
public record DigestProperties(
        @DefaultValue("Paper Digest <digest@localhost>") String from,
        @DefaultValue("config/subscribers.yml") Path subscribersFile,
        @DefaultValue("samples/hf-daily-papers-jul-29.txt") String abstracts,
        @DefaultValue("templates") Path templatesDir,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("") String unsubscribeUrl,
        @DefaultValue("") String listId,
        @DefaultValue("outbox") Path outbox,
        @DefaultValue("1000") int chunkSize) {
}
