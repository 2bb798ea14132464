package org.paperdigest.support;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.paperdigest.DigestProperties;
import org.springframework.util.unit.DataSize;

/** {@code digest.*} settings built by a test rather than bound by Boot. */
public final class DigestSettings {

    /** digest.abstracts-max-size's default. */
    public static final DataSize ABSTRACTS_MAX_SIZE = DataSize.ofMegabytes(16);

    private DigestSettings() {
    }

    /** These, and the defaults of the others (no home, no secret, mailto or Reply-To, no repeated papers). */
    public static DigestProperties of(String from, Path subscribersFile, String abstracts, Path templatesDir,
            ZoneId zone, String unsubscribeUrl, String listId, Path outbox, int chunkSize) {
        return new DigestProperties(from, subscribersFile, List.of(abstracts), templatesDir, zone, unsubscribeUrl,
                listId, outbox, chunkSize, ABSTRACTS_MAX_SIZE, null, Path.of("reports"), "", "", "", false);
    }
}
