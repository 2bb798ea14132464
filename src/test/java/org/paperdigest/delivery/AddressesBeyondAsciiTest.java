package org.paperdigest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperdigest.support.Cli;
import org.paperdigest.support.FaultySmtpServer;
import org.paperdigest.support.ReceivedMessage;
import org.paperdigest.support.Workspace;

/**
 * Addresses beyond ASCII, checked on the raw bytes of the envelope, through the pipelined path and
 * through Angus's own (a relay without PIPELINING): an internationalized domain goes out in punycode; a
 * local part beyond ASCII goes out as UTF-8 with SMTPUTF8, and only to a relay that offers it.
 */
class AddressesBeyondAsciiTest {

    static final String DATE = Workspace.SAMPLE_DATE;
    static final String IDN = "user@bücher.example";
    static final String IDN_ASCII = "user@xn--bcher-kva.example";
    static final String UTF8_LOCAL = "用户@example.org";

    @RegisterExtension
    final FaultySmtpServer relay = new FaultySmtpServer();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "pipelining offered: {0}")
    @ValueSource(booleans = {true, false})
    void anInternationalizedDomainGoesOutInPunycodeInRcptToAndTheToHeader(boolean pipelining) {
        relay.advertisePipelining(pipelining);

        Cli.Result result = workspace(IDN).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(relay.commands()).contains("RCPT TO:<" + IDN_ASCII + ">");
        assertThat(relay.commands()).noneMatch(command -> command.contains("bücher") || command.contains("b\u00fc"));
        ReceivedMessage message = to(IDN_ASCII);
        assertThat(message.header("To")).isEqualTo(IDN_ASCII);
        assertThat(status(IDN)).isEqualTo("DELIVERED");
    }

    @ParameterizedTest(name = "pipelining offered: {0}")
    @ValueSource(booleans = {true, false})
    void aLocalPartBeyondAsciiToARelayWithoutSmtpUtf8FailsThatReaderOnlyAndNoneOfItsEnvelopeIsSent(
            boolean pipelining) {
        relay.advertisePipelining(pipelining);

        Cli.Result result = workspace(UTF8_LOCAL).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        // Nothing of that envelope went out, mangled or not: one MAIL FROM per reader who got mail.
        assertThat(relay.commands()).noneMatch(command -> command.contains("7@example.org") || command.contains("用户"));
        assertThat(relay.commands().stream().filter(command -> command.startsWith("MAIL FROM"))).hasSize(2);
        assertThat(relay.countByRecipient()).containsOnlyKeys("reader01@example.org", "reader02@example.org");
        assertThat(status(UTF8_LOCAL)).isEqualTo("FAILED");
        assertThat(reply(UTF8_LOCAL)).contains(UTF8_LOCAL, "needs SMTPUTF8", "does not offer");
        assertThat(result.out()).contains("2 delivered, 1 failed, 0 bounced", "failed " + UTF8_LOCAL);
        assertThat(workspace(UTF8_LOCAL).count("SELECT COUNT(*) FROM suppression")).isZero();
    }

    @ParameterizedTest(name = "pipelining offered: {0}")
    @ValueSource(booleans = {true, false})
    void aLocalPartBeyondAsciiGoesOutAsUtf8WithSmtpUtf8ToARelayThatOffersIt(boolean pipelining) {
        relay.advertisePipelining(pipelining).advertiseSmtpUtf8(true);

        Cli.Result result = workspace(UTF8_LOCAL).run("send", "--date", DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<byte[]> lines = relay.commandLines();
        byte[] rcpt = ("RCPT TO:<" + UTF8_LOCAL + ">\r\n").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(lines, rcpt);
        assertThat(at).as(relay.commands().toString()).isPositive();
        String mailFrom = new String(lines.get(at - 1), StandardCharsets.UTF_8).strip();
        assertThat(mailFrom).startsWith("MAIL FROM:<digest@example.org>").endsWith(" SMTPUTF8");
        assertThat(new String(to(UTF8_LOCAL).raw(), StandardCharsets.UTF_8)).contains("To: " + UTF8_LOCAL + "\r\n");
        assertThat(relay.countByRecipient()).hasSize(3).allSatisfy((to, n) -> assertThat(n).isOne());
        assertThat(status(UTF8_LOCAL)).isEqualTo("DELIVERED");
    }

    private Workspace workspace;

    private Workspace workspace(String address) {
        if (workspace == null) {
            workspace = new Workspace(dir).withSmtp(relay.port()).with("digest.delivery.connections", "1")
                    .subscribers("""
                            subscribers:
                              - email: reader01@example.org
                                interests: [KV cache]
                              - email: %s
                                interests: [KV cache]
                              - email: reader02@example.org
                                interests: [KV cache]
                            """.formatted(address));
        }
        return workspace;
    }

    private ReceivedMessage to(String recipient) {
        return relay.messages().stream().filter(m -> m.recipients().contains(recipient)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing arrived for " + recipient + ": " + relay.commands()));
    }

    private String status(String email) {
        return (String) workspace.query("SELECT status FROM delivery WHERE email = ?", email).get(0).get("STATUS");
    }

    private String reply(String email) {
        return (String) workspace.query("SELECT last_reply FROM delivery WHERE email = ?", email).get(0)
                .get("LAST_REPLY");
    }

    private static int indexOf(List<byte[]> lines, byte[] line) {
        for (int i = 0; i < lines.size(); i++) {
            if (Arrays.equals(lines.get(i), line)) {
                return i;
            }
        }
        return -1;
    }
}
