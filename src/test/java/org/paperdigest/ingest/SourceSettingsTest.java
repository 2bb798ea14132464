package org.paperdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.paperdigest.DigestProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** digest.abstracts as one source or a list, and the digest.source.* settings, bound as Boot binds them. */
class SourceSettingsTest {

    static DigestProperties digest(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("digest", DigestProperties.class);
    }

    @Test
    void aListGivesSeveralSourcesAndOneValueIsOneSourceEvenWithCommas() {
        String query = "https://export.arxiv.org/api/query?id_list=2407.18219,2407.18901";

        assertThat(digest(Map.of("digest.abstracts[0]", "a.json", "digest.abstracts[1]", query)).abstracts())
                .containsExactly("a.json", query);
        assertThat(digest(Map.of("digest.abstracts", query)).abstracts()).containsExactly(query);
        assertThat(digest(Map.of()).abstracts()).containsExactly("samples/hf-daily-papers-jul-29.txt");
    }

    @Test
    void sourceSettingsHaveTheirDocumentedDefaults() {
        SourceProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("digest.source", SourceProperties.class);

        assertThat(defaults).isEqualTo(new SourceProperties(false, Duration.ofSeconds(10), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(2)));
        assertThat(defaults.includeReplacements()).isFalse();
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
