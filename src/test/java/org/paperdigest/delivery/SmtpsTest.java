package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Workspace;

/** Implicit TLS (SMTPS) against GreenMail's TLS server; STARTTLS is covered in {@link SmtpFaultsTest}. */
class SmtpsTest {

    @RegisterExtension
    static GreenMailExtension smtps = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort());

    @TempDir
    Path dir;

    @Test
    void sendsOverSmtps() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtps.getSmtps().getPort())
                .with("spring.mail.properties.mail.smtp.ssl.enable", "true")
                // GreenMail's certificate is self-signed and names no host.
                .with("spring.mail.properties.mail.smtp.ssl.trust", "127.0.0.1")
                .with("spring.mail.properties.mail.smtp.ssl.checkserveridentity", "false")
                .subscribers("subscribers:\n  - email: ada@example.org\n    interests: [KV cache]\n");

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        assertThat(smtps.getReceivedMessages()[0].getSubject()).startsWith("10 new papers on KV cache");
    }

    @Test
    void anUntrustedCertificateIsASettingToFixNamedAtOnceAndNothingStarts() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtps.getSmtps().getPort())
                .with("spring.mail.properties.mail.smtp.ssl.enable", "true")
                .subscribers("subscribers:\n  - email: ada@example.org\n    interests: [KV cache]\n");

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("paper-digest: TLS: the relay's certificate is not trusted")
                .contains("spring.mail.properties.mail.smtp.ssl.trust=127.0.0.1");
        assertThat(smtps.getReceivedMessages()).isEmpty();
        assertThat(workspace.query("SELECT COUNT(*) AS N FROM BATCH_JOB_EXECUTION").get(0)).containsEntry("N", 0L);
    }

    @Test
    void aCertificateThatNamesAnotherHostIsASettingToFixNamedAtOnce() throws Exception {
        Workspace workspace = new Workspace(dir).withSmtp(smtps.getSmtps().getPort())
                .with("spring.mail.properties.mail.smtp.ssl.enable", "true")
                .with("spring.mail.properties.mail.smtp.ssl.trust", "127.0.0.1")
                .with("spring.mail.properties.mail.smtp.ssl.checkserveridentity", "true")
                .subscribers("subscribers:\n  - email: ada@example.org\n    interests: [KV cache]\n");

        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("paper-digest: TLS: the relay's certificate does not name '127.0.0.1'")
                .contains("ssl.checkserveridentity=false");
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }
}
