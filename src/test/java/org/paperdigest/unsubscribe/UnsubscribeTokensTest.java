package org.paperdigest.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.support.DigestSettings;

/** Tokens that only their address can use, and the request parts the endpoint accepts. */
class UnsubscribeTokensTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String URL = "https://lists.example.org/unsubscribe/{token}";

    static DigestProperties properties(String url, String secret, String listId) {
        DigestProperties base = DigestSettings.of("Paper Digest <digest@example.org>", Path.of("subscribers.yml"),
                "abstracts.txt", Path.of("templates"), ZoneOffset.UTC, url, listId, Path.of("outbox"), 100);
        return new DigestProperties(base.from(), base.subscribersFile(), base.abstracts(), base.templatesDir(),
                base.zone(), url, listId, base.outbox(), base.chunkSize(), base.abstractsMaxSize(), base.home(),
                base.reportsDir(), secret, "", "", false);
    }

    final UnsubscribeTokens tokens = new UnsubscribeTokens(properties(URL, SECRET, ""));

    @Test
    void aTokenNamesItsSubscriberAndOnlyMatchesItsOwnAddressInAnyCase() {
        String token = tokens.of(7, "Ada@Example.org");

        assertThat(token).matches("7\\.[A-Za-z0-9_-]{43}");
        assertThat(tokens.of(7, " ada@example.org")).isEqualTo(token);
        assertThat(tokens.subscriberId(token)).hasValue(7);
        assertThat(tokens.isFor(token, 7, "ada@example.org")).isTrue();
        assertThat(tokens.isFor(token, 7, "bob@example.org")).isFalse();
        // another subscriber's id with Ada's MAC: checked against that subscriber's address, so refused
        assertThat(tokens.isFor("8" + token.substring(1), 8, "bob@example.org")).isFalse();
    }

    @Test
    void anotherListOrSecretMakesOtherTokens() {
        String token = tokens.of(7, "ada@example.org");

        assertThat(new UnsubscribeTokens(properties(URL, SECRET, "<other.example.org>")).of(7, "ada@example.org"))
                .isNotEqualTo(token);
        assertThat(new UnsubscribeTokens(properties(URL, SECRET + "!", "")).of(7, "ada@example.org"))
                .isNotEqualTo(token);
    }

    @Test
    void onlyAWellFormedTokenNamesAnId() {
        String token = tokens.of(7, "ada@example.org");

        assertThat(tokens.subscriberId(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(tokens.subscriberId(token + "A")).isEmpty();
        assertThat(tokens.subscriberId("7")).isEmpty();
        assertThat(tokens.subscriberId("-7" + token.substring(1))).isEmpty();
        assertThat(tokens.subscriberId(null)).isEmpty();
    }

    @Test
    void anUnsubscribeUrlNeedsASecretOfAtLeast32Characters() {
        assertThatThrownBy(() -> new UnsubscribeTokens(properties(URL, "", ""))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("digest.unsubscribe-secret is not set: with digest.unsubscribe-url");
        assertThatThrownBy(() -> new UnsubscribeTokens(properties(URL, "x".repeat(31), "")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("digest.unsubscribe-secret is too short (31 characters): use 32 or more, "
                        + "e.g. openssl rand -base64 32");
        // without an unsubscribe URL there are no links, and no secret is needed
        assertThatCode(() -> new UnsubscribeTokens(properties("", "", ""))).doesNotThrowAnyException();
    }

    @Test
    void theEndpointServesThePathOfTheUnsubscribeUrl() {
        assertThat(UnsubscribePath.of("serve", URL).pattern()).isEqualTo("/unsubscribe/{token}");
        assertThat(UnsubscribePath.of("serve", "http://localhost:8080/lists/papers/u/{token}").pattern())
                .isEqualTo("/lists/papers/u/{token}");
        assertThatThrownBy(() -> UnsubscribePath.of("serve", "https://example.org/unsubscribe?t={token}"))
                .hasMessageContaining("must end its path with /{token}");
        assertThatThrownBy(() -> UnsubscribePath.of("serve", "mailto:leave@example.org?subject={token}"))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> UnsubscribePath.of("serve", "")).hasMessageEndingWith("(it is not set)");
        // schedule serves it only when it is an http(s) URL, and names itself in the message of a bad one
        assertThat(UnsubscribeEndpoint.path("schedule", "")).isEmpty();
        assertThat(UnsubscribeEndpoint.path("schedule", "mailto:leave@example.org?subject={token}")).isEmpty();
        assertThat(UnsubscribeEndpoint.path("schedule", URL)).hasValue("/unsubscribe/{token}");
        assertThatThrownBy(() -> UnsubscribeEndpoint.path("schedule", "https://example.org/u?t={token}"))
                .hasMessageStartingWith("schedule: digest.unsubscribe-url ");
    }

    @Test
    void theOneClickBodyIsRecognisedFormEncodedOrMultipart() {
        assertThat(OneClickBody.isOneClick("List-Unsubscribe=One-Click")).isTrue();
        assertThat(OneClickBody.isOneClick("List-Unsubscribe=One-Click\r\n")).isTrue();
        assertThat(OneClickBody.isOneClick("a=b&List-Unsubscribe=One%2DClick")).isTrue();
        assertThat(OneClickBody.isOneClick("--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
                + "One-Click\r\n--x--\r\n")).isTrue();
        assertThat(OneClickBody.isOneClick("")).isFalse();
        assertThat(OneClickBody.isOneClick("List-Unsubscribe=Yes")).isFalse();
        assertThat(OneClickBody.isOneClick("List-Unsubscribe=%ZZ")).isFalse();
    }

    @Test
    void thePageShowsTheAddressMasked() {
        assertThat(UnsubscribeHandler.masked("ada@example.org")).isEqualTo("a***@example.org");
        assertThat(UnsubscribeHandler.masked("@example.org")).isEqualTo("***");
    }
}
