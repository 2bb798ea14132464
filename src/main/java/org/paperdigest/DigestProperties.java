package org.paperdigest;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.Delimiter;
import org.springframework.util.unit.DataSize;

/**
 * The {@code digest.*} settings; every one is documented in {@code config/application.yml}. Checked before
 * anything starts ({@link StrictSettings}): a key that is not one of these is refused, and so is a value
 * that breaks a constraint.
 */
@ConfigurationProperties("digest")
public record DigestProperties(
        @DefaultValue("Paper Digest <digest@localhost>") @NotBlank String from,
        @DefaultValue("config/subscribers.yml") @NotNull Path subscribersFile,
        @DefaultValue("samples/hf-daily-papers-jul-29.txt") @Delimiter(Delimiter.NONE) List<String> abstracts,
        @DefaultValue("templates") @NotNull Path templatesDir,
        @DefaultValue("UTC") @NotNull ZoneId zone,
        // Without {token} every reader would get the same link, and one click would unsubscribe nobody in particular.
        @DefaultValue("") @Pattern(regexp = "(?s)|(?i:mailto:).*|.*\\{token}.*",
                message = "must contain \\{token\\}, which each reader's own token replaces (or be a mailto: address)")
        String unsubscribeUrl,
        @DefaultValue("") String listId,
        @DefaultValue("outbox") @NotNull Path outbox,
        @DefaultValue("1000") @Min(value = 1, message = "must be at least {value}") int chunkSize,
        @DefaultValue("16MB") @NotNull @PositiveSize DataSize abstractsMaxSize,
        Path home,
        @DefaultValue("reports") @NotNull Path reportsDir,
        @DefaultValue("") String unsubscribeSecret,
        @DefaultValue("") @Email(message = "must be one bare address, local-part@domain") String unsubscribeMailto,
        @DefaultValue("") String replyTo,
        @DefaultValue("false") boolean repeatPapers) {
}
