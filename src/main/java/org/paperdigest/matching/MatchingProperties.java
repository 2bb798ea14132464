package org.paperdigest.matching;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How interests are matched.
 *
 * @param synonyms the synonyms file (Solr format) applied to plain interests; empty for the packaged
 *                 machine-learning list, {@code none} for none
 */
@ConfigurationProperties("digest.matching")
public record MatchingProperties(@DefaultValue("") String synonyms) {
}
