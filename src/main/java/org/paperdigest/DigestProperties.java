package org.paperdigest;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.Delimiter;
import org.springframework.util.unit.DataSize;

/**
 * The {@code digest.*} settings; every one is documented in {@code config/application.yml}. Checked before
 * anything starts ({@link StrictSettings}): a key that is not one of these is refused, and so is a value
 * that breaks a constraint.
 *
 * @param from             sender, an RFC 5322 address with optional display name
 * @param subscribersFile  the subscribers YAML, relative to the working directory
 * @param abstracts        the day's input: files or http(s) URLs, merged; {@code {date}} is replaced by the
 *                         issue date. Not split at commas: a URL may contain them (a YAML list gives several)
 * @param templatesDir     templates here override the packaged ones
 * @param zone             time zone that decides what "today" is
 * @param unsubscribeUrl   URL (or mailto:) template with {@code {token}}; blank for none
 * @param listId           List-Id header value; blank derives it from the sender's domain
 * @param outbox           where messages are written as .eml files when no SMTP host is set
 * @param chunkSize        subscribers per chunk (one transaction and one SMTP session)
 * @param abstractsMaxSize a bigger abstracts file is refused before it is read: the whole day is held in
 *                         memory, and the default is sized for -Xmx256m
 * @param home             the folder holding config/, data/ and outbox/, against which relative paths above
 *                         are resolved; null for the working directory. Set only on the command line or as
 *                         PAPER_DIGEST_HOME, since it says where the settings files are (see the cli's Home)
 * @param reportsDir       where a run writes its metrics (paper_digest.prom)
 * @param unsubscribeSecret key of the unsubscribe tokens' HMAC; required (32 characters or more) with an
 *                         unsubscribe URL
 * @param unsubscribeMailto address that takes unsubscribe requests by mail too; blank for none
 * @param replyTo          Reply-To header; blank for none
 * @param repeatPapers     true sends a reader a paper again that an earlier issue sent them; by default a
 *                         paper reaches each reader once
 */
@ConfigurationProperties("digest")
public record DigestProperties(
        @DefaultValue("Paper Digest <digest@localhost>") @NotBlank String from,
        @DefaultValue("config/subscribers.yml") @NotNull Path subscribersFile,
        @DefaultValue("samples/hf-daily-papers-jul-29.txt") @Delimiter(Delimiter.NONE) List<String> abstracts,
        @DefaultValue("templates") @NotNull Path templatesDir,
        @DefaultValue("UTC") @NotNull ZoneId zone,
        @DefaultValue("") String unsubscribeUrl,
        @DefaultValue("") String listId,
        @DefaultValue("outbox") @NotNull Path outbox,
        @DefaultValue("1000") @Min(value = 1, message = "must be at least {value}") int chunkSize,
        @DefaultValue("16MB") @NotNull @PositiveSize DataSize abstractsMaxSize,
        Path home,
        @DefaultValue("reports") @NotNull Path reportsDir,
        @DefaultValue("") String unsubscribeSecret,
        @DefaultValue("") String unsubscribeMailto,
        @DefaultValue("") String replyTo,
        @DefaultValue("false") boolean repeatPapers) {
}
