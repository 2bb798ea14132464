package org.paperdigest.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.PaperDigestApplication;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/** Unsubscribe settings refused in one line before anything runs, and no web server outside 'serve'. */
class ServeSettingsTest {

    @TempDir
    Path dir;

    @Test
    void anUnsubscribeUrlWithoutAGoodSecretIsExit2InOneLine() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(1))
                .with("digest.unsubscribe-url", "https://lists.example.org/unsubscribe/{token}");

        Cli.Result missing = workspace.run("send", "--date", Workspace.SAMPLE_DATE);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString()
                .startsWith("paper-digest: digest.unsubscribe-secret is not set");

        Cli.Result tooShort = workspace.with("digest.unsubscribe-secret", "short").run("send", "--date",
                Workspace.SAMPLE_DATE);
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.errLines()).containsExactly("paper-digest: digest.unsubscribe-secret is too short "
                + "(5 characters): use 32 or more, e.g. openssl rand -base64 32");
        assertThat(workspace.outbox()).doesNotExist();
    }

    @Test
    void serveNeedsAPortAndAnHttpUrlWithTheTokenInItsPath() {
        Workspace workspace = new Workspace(dir).subscribers(Workspace.readers(1))
                .with("digest.unsubscribe-secret", "0123456789abcdef0123456789abcdef")
                .with("digest.unsubscribe-url", "https://lists.example.org/unsubscribe/{token}");
        assertThat(workspace.run("subscribers", "sync").exitCode()).isZero(); // serve needs a database

        Cli.Result noPort = workspace.run("serve");
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.errLines()).containsExactly(
                "paper-digest: serve: digest.http.port is not set (the port of the unsubscribe endpoint)");

        Cli.Result badPort = workspace.with("digest.http.port", "70000").run("serve");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.errLines()).containsExactly(
                "paper-digest: invalid setting digest.http.port=70000: must be 0 to 65535");

        Cli.Result query = workspace.with("digest.http.port", "0")
                .with("digest.unsubscribe-url", "https://lists.example.org/u?t={token}").run("serve");
        assertThat(query.exitCode()).isEqualTo(2);
        assertThat(query.errLines()).singleElement().asString().contains("must end its path with /{token}");
    }

    @Test
    void theApplicationContextOfEveryOtherCommandHasNoWebServerNorEndpoint() {
        SpringApplication application = new SpringApplication(PaperDigestApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/paper-digest"),
                        "--digest.unsubscribe-url=https://lists.example.org/unsubscribe/{token}",
                        "--digest.unsubscribe-secret=0123456789abcdef0123456789abcdef", "--digest.http.port=8080")) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(context.getBeanNamesForType(DispatcherServlet.class)).isEmpty();
            assertThat(context.getBeanNamesForType(UnsubscribeHandler.class)).isEmpty();
            assertThat(context.getBean(UnsubscribeTokens.class).of(7, "ada@example.org"))
                    .matches("7\\.[A-Za-z0-9_-]{43}");
        }
    }
}
