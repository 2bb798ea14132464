package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperdigest.support.Cli;
import org.paperdigest.support.Messages;
import org.paperdigest.support.Workspace;

/** The sample day sent to subscribers whose digests are known paper by paper, through a real SMTP server. */
class SampleDayDigestTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    static final String SECRET = "a test secret of at least 32 characters";

    Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = new Workspace(dir).withSmtp(smtp.getSmtp().getPort())
                .with("digest.unsubscribe-url", "https://digest.example.org/unsubscribe?t={token}")
                .with("digest.unsubscribe-secret", SECRET)
                .subscribersFrom("/sample-day/subscribers.yml");
    }

    @Test
    void eachSubscriberGetsExactlyThePapersTheirInterestsMatch() throws Exception {
        Cli.Result result = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, List<String>> titlesByRecipient = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress().toLowerCase();
            assertThat(titlesByRecipient.put(to, Messages.titles(message))).as("one digest for " + to).isNull();
        }
        // Phrase: both words, adjacent and in order; the Medusa paper is excluded.
        assertThat(titlesByRecipient.get("phrase@example.org")).containsExactlyInAnyOrder(
                "FastDraft: How to Train Your Draft",
                "BlockFFN: Towards End-Side Acceleration-Friendly Mixture-of-Experts with Chunk-Level Activation Sparsity",
                "DySpec: Faster Speculative Decoding with Dynamic Token Tree Structure",
                "TriForce: Lossless Acceleration of Long Sequence Generation with Hierarchical Speculative Decoding",
                "Training-Free Tokenizer Transplantation via Orthogonal Matching Pursuit");
        // Hyphen and space are the same: "mixture of experts" finds "Mixture-of-Experts".
        assertThat(titlesByRecipient.get("hyphen@example.org")).hasSize(10).contains(
                "DeepSeekMoE: Towards Ultimate Expert Specialization in Mixture-of-Experts Language Models",
                "CLIP-MoE: Towards Building Mixture of Experts for CLIP with Diversified Multiplet Upcycling")
                .noneMatch(title -> title.startsWith("γ-MoD"));
        // Plural and singular: "code completions" finds "code completion".
        assertThat(titlesByRecipient.get("plural@example.org")).containsExactlyInAnyOrder(
                "FastDraft: How to Train Your Draft",
                "Improving FIM Code Completions via Context & Curriculum Based Learning");
        // Whole words only: "RL" is never found inside "world" or "control"; the packaged synonyms add the
        // papers that write it out as "reinforcement learning", after those that say "RL".
        assertThat(titlesByRecipient.get("wholeword@example.org")).containsExactlyInAnyOrder(
                "Reasoning Language Models: A Blueprint",
                "Beyond Distillation: Pushing the Limits of Medical LLM Reasoning with Minimalist Rule-Based RL",
                "Light-R1: Curriculum SFT, DPO and RL for Long COT from Scratch and Beyond",
                "SATORI-R1: Incentivizing Multimodal Reasoning with Spatial Grounding and Verifiable Rewards",
                "DeepSeek-Prover-V2: Advancing Formal Mathematical Reasoning via Reinforcement Learning for Subgoal Decomposition",
                "MuDreamer: Learning Predictive World Models without Reconstruction");
        // Letters beyond ASCII.
        assertThat(titlesByRecipient.get("greek@example.org")).containsExactly(
                "γ-MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language Models");
        // No match today: no email. Inactive: no email.
        assertThat(titlesByRecipient).containsOnlyKeys("phrase@example.org", "hyphen@example.org",
                "plural@example.org", "wholeword@example.org", "greek@example.org");

        assertThat(workspace.count("SELECT COUNT(*) FROM delivery WHERE status = 'DELIVERED'")).isEqualTo(5);
        assertThat(workspace.count("SELECT COUNT(*) FROM paper")).isEqualTo(104);
        assertThat(workspace.count("SELECT COUNT(*) FROM subscriber WHERE active")).isEqualTo(6);
        assertThat(result.out()).contains("COMPLETED", "5 delivered, 0 failed, 0 bounced",
                "1 without a match today", "1 inactive");
    }

    @Test
    void aDigestIsMultipartAlternativeWithListHeadersAndAStableMessageId() throws Exception {
        assertThat(workspace.run("send", "--date", Workspace.SAMPLE_DATE).exitCode()).isZero();

        MimeMessage digest = received("phrase@example.org");
        assertThat(digest.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) digest.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(digest.getSubject()).isEqualTo("5 new papers on speculative decoding · Jul 29");
        assertThat(digest.getHeader("From", null)).isEqualTo("Paper Digest <digest@example.org>");
        assertThat(digest.getHeader("To", null)).isEqualTo("Phrase Reader <phrase@example.org>");
        assertThat(digest.getSentDate()).isNotNull();
        assertThat(digest.getMessageID()).isEqualTo(
                "<digest.2025-07-29." + sha256("phrase@example.org").substring(0, 20) + "@example.org>");
        assertThat(digest.getHeader("List-Id", null)).isEqualTo("<paper-digest.example.org>");
        // ID.HMAC-SHA256(secret, list + "\n" + address): the list is the sender's address when List-Id is derived
        Number id = (Number) workspace.query("SELECT id FROM subscriber WHERE email_key = ?", "phrase@example.org")
                .get(0).get("ID");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String token = id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal("digest@example.org\nphrase@example.org".getBytes(StandardCharsets.UTF_8)));
        assertThat(digest.getHeader("List-Unsubscribe", null))
                .isEqualTo("<https://digest.example.org/unsubscribe?t=" + token + ">");
        assertThat(digest.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(Messages.textPart(digest)).startsWith("Hi Phrase Reader,")
                .contains("*speculative decoding*", "Matched: speculative decoding",
                        "https://digest.example.org/unsubscribe?t=" + token);
        assertThat(Messages.htmlPart(digest)).contains("<mark", ">Speculative Decoding</mark>");
        assertThat(workspace.query("SELECT message_id FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id"
                + " WHERE s.email_key = 'phrase@example.org'").get(0).get("MESSAGE_ID")).isEqualTo(digest.getMessageID());

        MimeMessage textOnly = received("plural@example.org");
        assertThat(textOnly.getContentType()).startsWith("text/plain");
        assertThat(textOnly.getSubject()).isEqualTo("2 new papers on code completions · Jul 29");

        MimeMessage greek = received("greek@example.org");
        assertThat(greek.getSubject()).isEqualTo("1 new paper on γ-MoD · Jul 29");
        assertThat(((InternetAddress) greek.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Γιώργος Παπαδόπουλος");
        assertThat(Messages.textPart(greek)).startsWith("Hi Γιώργος Παπαδόπουλος,").contains("*γ-MoD*");
    }

    @Test
    void sendingACompletedDateAgainSendsNothing() {
        assertThat(workspace.run("send", "--date", Workspace.SAMPLE_DATE).exitCode()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(5);

        Cli.Result again = workspace.run("send", "--date", Workspace.SAMPLE_DATE);

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already sent; nothing to do");
        assertThat(smtp.getReceivedMessages()).hasSize(5);
        assertThat(workspace.count("SELECT COUNT(*) FROM delivery")).isEqualTo(5);
        assertThat(workspace.count("SELECT COUNT(*) FROM batch_job_execution")).isEqualTo(1);
    }

    private MimeMessage received(String address) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (((InternetAddress) message.getAllRecipients()[0]).getAddress().equalsIgnoreCase(address)) {
                return message;
            }
        }
        throw new AssertionError("no message to " + address);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
