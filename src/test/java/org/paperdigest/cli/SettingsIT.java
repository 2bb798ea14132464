package org.paperdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.JarProcess;
import org.paperdigest.support.Workspace;

/**
 * Strict settings from the sources a test JVM cannot fake: a ./config/application.yml in the working
 * directory and environment variables, read by the packaged jar.
 */
class SettingsIT {

    @TempDir
    Path dir;

    @Test
    void aMisspeltKeyInTheWorkingDirectorysConfigFileIsRefusedNamingTheFileLineAndNearestKey() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.yml"), """
                digest:
                  delivery:
                    rate-per-secnd: 1
                """);

        try (JarProcess send = JarProcess.start("typo-in-file", dir, dir.resolve("logs"), sendArgs(), List.of(), Map.of())) {
            assertThat(send.waitFor(Duration.ofMinutes(2))).as(send.describe()).isEqualTo(2);
            assertThat(send.stderr().lines()).as(send.describe()).containsExactly("paper-digest: unknown setting "
                    + "digest.delivery.rate-per-secnd (config/application.yml line 3); did you mean "
                    + "digest.delivery.rate-per-second?");
        }
        assertThat(dir.resolve("outbox")).doesNotExist();
    }

    @Test
    void environmentVariablesBindInTheirRelaxedFormAndAMisspeltOneIsRefused() throws Exception {
        try (JarProcess typo = JarProcess.start("typo-in-env", dir, dir.resolve("logs"), sendArgs(), List.of(),
                Map.of("DIGEST_DELIVERY_CONECTIONS", "2"))) {
            assertThat(typo.waitFor(Duration.ofMinutes(2))).as(typo.describe()).isEqualTo(2);
            assertThat(typo.stderr().lines()).as(typo.describe()).containsExactly("paper-digest: unknown setting "
                    + "DIGEST_DELIVERY_CONECTIONS (environment variable); did you mean DIGEST_DELIVERY_CONNECTIONS?");
        }
        assertThat(dir.resolve("outbox")).doesNotExist();

        try (JarProcess good = JarProcess.start("relaxed-env", dir, dir.resolve("logs"), sendArgs(), List.of(),
                Map.of("DIGEST_DELIVERY_CONNECTIONS", "2", "DIGEST_CHUNKSIZE", "1", "DIGEST_DELIVERY_MAX_ATTEMPTS", "2"))) {
            assertThat(good.waitFor(Duration.ofMinutes(2))).as(good.describe()).isZero();
        }
        try (var files = Files.list(dir.resolve("outbox").resolve(Workspace.SAMPLE_DATE))) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void withPaperDigestHomeCronNeedsNoCdAndAReadOnlyCommandCreatesNoDatabase() throws Exception {
        Path home = dir.resolve("srv");
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.yml"), "digest:\n  abstracts: in/{date}.txt\n");
        Files.writeString(home.resolve("config/subscribers.yml"), Workspace.readers(3));
        Files.createDirectories(home.resolve("in"));
        Files.copy(Workspace.SAMPLE_DAY, home.resolve("in/" + Workspace.SAMPLE_DATE + ".txt"));
        Path cronsFolder = dir.resolve("elsewhere"); // cron starts commands in the user's home folder
        Map<String, String> environment = Map.of("PAPER_DIGEST_HOME", home.toString());
        List<String> send = List.of("send", "--date", Workspace.SAMPLE_DATE);

        try (JarProcess status = JarProcess.start("home-status", cronsFolder, dir.resolve("logs"), List.of("status"),
                List.of(), environment)) {
            assertThat(status.waitFor(Duration.ofMinutes(2))).as(status.describe()).isEqualTo(2);
            assertThat(status.stderr().lines()).as(status.describe()).singleElement().asString()
                    .startsWith("paper-digest: no database at " + home.resolve("data/paper-digest.mv.db"));
        }
        assertThat(home.resolve("data")).doesNotExist();
        try (JarProcess zone = JarProcess.start("home-zone", cronsFolder, dir.resolve("logs"), send, List.of(),
                Map.of("PAPER_DIGEST_HOME", home.toString(), "DIGEST_ZONE", "Mars/Olympus"))) {
            assertThat(zone.waitFor(Duration.ofMinutes(2))).as(zone.describe()).isEqualTo(2);
            assertThat(zone.stderr().lines()).as(zone.describe()).singleElement().asString()
                    .startsWith("paper-digest: invalid setting digest.zone=Mars/Olympus: not a valid ZoneId");
        }
        try (JarProcess sent = JarProcess.start("home-send", cronsFolder, dir.resolve("logs"), send, List.of(),
                environment)) {
            assertThat(sent.waitFor(Duration.ofMinutes(2))).as(sent.describe()).isZero();
        }
        try (var files = Files.list(home.resolve("outbox").resolve(Workspace.SAMPLE_DATE))) {
            assertThat(files).hasSize(3);
        }
        assertThat(home.resolve("data/paper-digest.mv.db")).exists();
        try (var files = Files.list(cronsFolder)) {
            assertThat(files).isEmpty();
        }
    }

    private List<String> sendArgs() throws Exception {
        Files.writeString(dir.resolve("subscribers.yml"), Workspace.readers(3));
        List<String> args = new ArrayList<>(List.of("send", "--date", Workspace.SAMPLE_DATE));
        args.add("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/paper-digest"));
        args.add("--digest.subscribers-file=" + dir.resolve("subscribers.yml"));
        args.add("--digest.abstracts=" + Workspace.SAMPLE_DAY);
        args.add("--digest.templates-dir=" + Path.of("templates").toAbsolutePath());
        args.add("--digest.outbox=" + dir.resolve("outbox"));
        return args;
    }
}
