package org.paperdigest.support;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaultySmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private FaultySmtpServer server;

    @BeforeEach
    void startServer() {
        server = new FaultySmtpServer();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    // ---------------------------------------------------------------- happy path

    @Test
    void recordsSeveralMessagesSentOverOneConnection() throws Exception {
        Session session = session(props("mail.smtp.allow8bitmime", "true"));
        String umlautSubject = "Neue Papers für Sie: Größenordnungen der Quantenverschränkung – Überblick №3";
        MimeMessage first = message(session, "First digest", "Ada@Example.org", "bob@example.org");
        MimeMessage second = message(session, "Second digest", "ada@example.org");
        MimeMessage third = message(session, null, "carol@example.org");
        third.setSubject(umlautSubject, "UTF-8");
        third.setText("Grüße aus der Größenordnung", "UTF-8");
        List<MimeMessage> sent = List.of(first, second, third);

        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (MimeMessage message : sent) {
                message.saveChanges(); // assigns the Message-ID we compare against
                transport.sendMessage(message, message.getAllRecipients());
            }
        }

        assertThat(server.connectionsAccepted()).isEqualTo(1);
        List<ReceivedMessage> received = server.messages();
        assertThat(received).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(received.get(i).messageId()).isEqualTo(sent.get(i).getMessageID());
            assertThat(received.get(i).mailFrom()).isEqualTo("digest@paperdigest.org");
        }
        assertThat(received.get(0).recipients()).containsExactly("Ada@Example.org", "bob@example.org");
        assertThat(received.get(0).subject()).isEqualTo("First digest");
        assertThat(received.get(2).subject()).startsWith("=?UTF-8?").doesNotContain("\r", "\n");
        assertThat(received.get(2).decodedSubject()).isEqualTo(umlautSubject);
        // allow8bitmime made Angus send the body as raw UTF-8; it must arrive byte for byte.
        assertThat(indexOf(received.get(2).raw(), "Grüße aus der Größenordnung".getBytes(StandardCharsets.UTF_8)))
                .isNotNegative();
        assertThat(received.get(2).header("Content-Transfer-Encoding")).isEqualTo("8bit");
        // The client ends the last line with CRLF before the "." line; that CRLF is part of the message.
        assertThat((String) received.get(2).toMimeMessage().getContent()).isEqualTo("Grüße aus der Größenordnung\r\n");
        assertThat(server.countByRecipient()).containsOnly(
                entry("ada@example.org", 2), entry("bob@example.org", 1), entry("carol@example.org", 1));
    }

    @Test
    void answersPipelinedCommandsInOrderAndUnstuffsDots() throws Exception {
        server.rejectRecipient("nobody@example.org", 550, "5.1.1 no such user");
        try (RawClient client = new RawClient(server)) {
            assertThat(client.reply()).startsWith("220 ");
            client.send("EHLO raw.test\r\n");
            assertThat(client.reply()).contains("250-PIPELINING", "250-8BITMIME", "250-SIZE", "250 ENHANCEDSTATUSCODES");

            // One write, so the whole group arrives before the first answer is sent.
            client.send("MAIL FROM:<a@example.org> BODY=8BITMIME\r\n"
                    + "RCPT TO:<b@example.org>\r\n"
                    + "RCPT TO:<nobody@example.org>\r\n"
                    + "RCPT TO:<c@example.org>\r\n"
                    + "DATA\r\n");
            assertThat(client.reply()).startsWith("250 2.1.0");
            assertThat(client.reply()).startsWith("250 2.1.5");
            assertThat(client.reply()).isEqualTo("550 5.1.1 no such user");
            assertThat(client.reply()).startsWith("250 2.1.5");
            assertThat(client.reply()).startsWith("354 ");

            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.write("Message-ID: <pipe@test>\r\nSubject: piped\r\n\r\n..leading dot\r\n".getBytes(StandardCharsets.US_ASCII));
            data.write(new byte[] {'8', 'b', 'i', 't', ':', ' ', (byte) 0xE9, (byte) 0xFF, '\r', '\n'});
            data.write(".\r\nNOOP\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            client.send(data.toByteArray());
            assertThat(client.reply()).startsWith("250 2.0.0");
            assertThat(client.reply()).startsWith("250 2.0.0"); // NOOP
            assertThat(client.reply()).startsWith("221 ");
            assertThat(client.reply()).isNull(); // closed after QUIT
        }

        ReceivedMessage message = server.messages().get(0);
        assertThat(message.recipients()).containsExactly("b@example.org", "c@example.org");
        assertThat(message.messageId()).isEqualTo("<pipe@test>");
        // One leading dot removed, 8-bit bytes intact, the terminating "." not part of the message.
        assertThat(message.raw()).endsWith(
                concat("\r\n\r\n.leading dot\r\n8bit: ", new byte[] {(byte) 0xE9, (byte) 0xFF, '\r', '\n'}));
    }

    @Test
    void enforcesCommandOrder() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.send("MAIL FROM:<a@example.org>\r\n");
            assertThat(client.reply()).startsWith("503 ");
            client.send("HELO raw.test\r\nRCPT TO:<b@example.org>\r\nDATA\r\nMAIL FROM:<>\r\nDATA\r\nFOO\r\nRSET\r\n");
            assertThat(client.reply()).startsWith("250 ");     // HELO
            assertThat(client.reply()).startsWith("503 ");     // RCPT before MAIL
            assertThat(client.reply()).startsWith("503 ");     // DATA before MAIL
            assertThat(client.reply()).startsWith("250 ");     // MAIL FROM:<> (null sender)
            assertThat(client.reply()).startsWith("554 ");     // DATA without recipients
            assertThat(client.reply()).startsWith("500 ");     // unknown command
            assertThat(client.reply()).startsWith("250 ");     // RSET
        }
    }

    // ---------------------------------------------------------------- faults

    @Test
    void rejectRecipientPermanently() throws Exception {
        server.rejectRecipient("Gone@Example.org", 550, "5.1.1 no such user");

        SendFailedException failure = catchThrowableOfType(
                () -> Transport.send(message(session(), "x", "gone@example.org")), SendFailedException.class);

        SMTPAddressFailedException rejected = causeOfType(failure, SMTPAddressFailedException.class);
        assertThat(rejected.getReturnCode()).isEqualTo(550);
        assertThat(rejected.getAddress().getAddress()).isEqualTo("gone@example.org");
        assertThat(failure.getInvalidAddresses()).hasSize(1);
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void partialSendDeliversToTheAcceptedRecipientsOnly() throws Exception {
        server.rejectRecipient("gone@example.org", 550, "5.1.1 no such user");
        Session session = session(props("mail.smtp.sendpartial", "true"));

        assertThatThrownBy(() -> Transport.send(message(session, "x", "ok@example.org", "gone@example.org")))
                .isInstanceOf(SendFailedException.class);

        assertThat(server.countByRecipient()).containsOnly(entry("ok@example.org", 1));
    }

    @Test
    void rejectRecipientTemporarilyThenAccept() throws Exception {
        server.rejectRecipientTimes("later@example.org", 451, "4.3.0 try later", 1);

        SendFailedException failure = catchThrowableOfType(
                () -> Transport.send(message(session(), "x", "later@example.org")), SendFailedException.class);
        assertThat(causeOfType(failure, SMTPAddressFailedException.class).getReturnCode()).isEqualTo(451);

        Transport.send(message(session(), "x", "later@example.org"));
        assertThat(server.countByRecipient()).containsOnly(entry("later@example.org", 1));
    }

    @Test
    void failDataForTheNextMessagesOnly() throws Exception {
        server.failData(554, "5.6.0 content rejected", 1);

        SMTPSendFailedException failure = catchThrowableOfType(
                () -> Transport.send(message(session(), "x", "a@example.org")), SMTPSendFailedException.class);
        assertThat(failure.getReturnCode()).isEqualTo(554);
        assertThat(server.messages()).isEmpty();

        Transport.send(message(session(), "x", "a@example.org"));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void refuseConnectionsGreetsWith421() throws Exception {
        server.refuseConnections(1);

        assertThatThrownBy(() -> Transport.send(message(session(), "x", "a@example.org")))
                .isInstanceOf(MessagingException.class);
        Transport.send(message(session(), "x", "a@example.org"));

        assertThat(server.connectionsAccepted()).isEqualTo(2);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void downRefusesEveryConnectionUntilUp() throws Exception {
        server.down(true);
        try (RawClient client = new RawClient(server)) {
            assertThat(client.reply()).isEqualTo("421 4.3.2 service not available");
            assertThat(client.reply()).isNull();
        }
        assertThatThrownBy(() -> Transport.send(message(session(), "x", "a@example.org")))
                .isInstanceOf(MessagingException.class);

        server.down(false);
        Transport.send(message(session(), "x", "a@example.org"));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void stopRefusesConnectionsAndStartReopensTheSamePort() throws Exception {
        int port = server.port();
        Transport.send(message(session(), "x", "a@example.org")); // leaves a TIME_WAIT on the port
        RawClient idle = new RawClient(server);
        assertThat(idle.reply()).startsWith("220 ");

        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(idle.reply()).isNull(); // open connections are dropped too
        idle.close();
        int accepted = server.connectionsAccepted();
        tryToConnect(server.host(), port);
        assertThat(server.connectionsAccepted()).isEqualTo(accepted);
        // Refused, as a rule; but a client on this machine can also reach the free port by a TCP self-connect,
        // and then fails otherwise. What counts is that this server takes nothing.
        assertThatThrownBy(() -> Transport.send(message(session(), "x", "a@example.org")))
                .isInstanceOf(MessagingException.class);
        assertThat(server.connectionsAccepted()).isEqualTo(accepted);

        server.start();
        assertThat(server.port()).isEqualTo(port);
        Transport.send(message(session(), "x", "a@example.org"));
        assertThat(server.messages()).hasSize(2);
    }

    @Test
    void dropDuringDataLosesTheMessage() throws Exception {
        server.dropDuringData(1);

        assertThatThrownBy(() -> Transport.send(message(session(), "x", "a@example.org")))
                .isInstanceOf(MessagingException.class);
        assertThat(server.messages()).isEmpty();

        Transport.send(message(session(), "x", "a@example.org"));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void acceptDelaySlowsTheFinalReply() throws Exception {
        server.acceptDelay(Duration.ofMillis(300));

        long start = System.nanoTime();
        Transport.send(message(session(), "x", "a@example.org"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void aClientThatGivesUpDuringAcceptDelayStillGetsItsMessageRecorded() throws Exception {
        server.acceptDelay(Duration.ofMillis(800));
        Session impatient = session(props("mail.smtp.timeout", "200"));

        MessagingException failure = catchThrowableOfType(
                () -> Transport.send(message(impatient, "x", "a@example.org")), MessagingException.class);

        assertThat(causeOfType(failure, SocketTimeoutException.class)).isNotNull();
        // The relay had the whole message: like a real one it keeps it (the RFC 1047 duplicate window).
        assertThat(server.awaitMessages(1, WAIT)).isTrue();
    }

    @Test
    void aRelayStoppedDuringAcceptDelayLosesTheMessage() throws Exception {
        server.acceptDelay(Duration.ofSeconds(3));
        Thread sender = new Thread(() -> {
            try {
                Transport.send(message(session(), "x", "a@example.org"));
            } catch (MessagingException expected) {
                // the connection dies under it; checked below through the server's record
            }
        });
        sender.start();
        Thread.sleep(300); // normally the client is waiting for the final 250 by now; either way works

        server.stop();
        sender.join(WAIT.toMillis());

        assertThat(sender.isAlive()).isFalse();
        assertThat(server.awaitMessages(1, Duration.ofMillis(200))).isFalse();
    }

    @Test
    void stallAfterGreetingMakesClientsTimeOut() throws Exception {
        server.stallAfterGreeting(Duration.ofSeconds(2));
        Session impatient = session(props("mail.smtp.timeout", "200"));

        MessagingException failure = catchThrowableOfType(
                () -> Transport.send(message(impatient, "x", "a@example.org")), MessagingException.class);
        assertThat(causeOfType(failure, SocketTimeoutException.class)).isNotNull();

        server.reset();
        Transport.send(message(impatient, "x", "a@example.org"));
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void throttleAfterRejectsFurtherMailOnTheSameConnection() throws Exception {
        server.throttleAfter(2, 421, "4.7.0 too many messages");
        Session session = session();
        SMTPSendFailedException failure;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < 2; i++) {
                MimeMessage message = message(session, "ok " + i, "a@example.org");
                transport.sendMessage(message, message.getAllRecipients());
            }
            MimeMessage third = message(session, "too many", "a@example.org");
            failure = catchThrowableOfType(
                    () -> transport.sendMessage(third, third.getAllRecipients()), SMTPSendFailedException.class);
            assertThat(transport.isConnected()).isFalse();
        }
        assertThat(failure.getReturnCode()).isEqualTo(421);
        assertThat(server.messages()).hasSize(2);

        // The limit is per connection: a new one may send again.
        Transport.send(message(session, "fresh connection", "a@example.org"));
        assertThat(server.messages()).hasSize(3);
    }

    @Test
    void throttleWith421ClosesTheConnection() throws Exception {
        server.throttleAfter(0, 421, "4.7.0 too many messages");
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.send("EHLO raw.test\r\nMAIL FROM:<a@example.org>\r\n");
            client.reply();
            assertThat(client.reply()).isEqualTo("421 4.7.0 too many messages");
            assertThat(client.reply()).isNull();
        }
    }

    @Test
    void clearAndAwait() throws Exception {
        assertThat(server.awaitMessages(1, Duration.ofMillis(50))).isFalse();
        Transport.send(message(session(), "x", "a@example.org"));
        assertThat(server.awaitMessages(1, WAIT)).isTrue();

        server.clear();
        assertThat(server.messages()).isEmpty();
        assertThat(server.connectionsAccepted()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private Session session() {
        return session(new Properties());
    }

    private Session session(Properties extra) {
        Properties props = new Properties();
        props.put("mail.smtp.host", server.host());
        props.put("mail.smtp.port", String.valueOf(server.port()));
        props.put("mail.smtp.localhost", "client.test"); // skip the local host name lookup
        props.put("mail.smtp.connectiontimeout", "2000");
        props.put("mail.smtp.timeout", "2000");
        props.putAll(extra);
        return Session.getInstance(props);
    }

    private static Properties props(String key, String value) {
        Properties props = new Properties();
        props.put(key, value);
        return props;
    }

    private static MimeMessage message(Session session, String subject, String... to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("digest@paperdigest.org"));
        for (String address : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        if (subject != null) {
            message.setSubject(subject);
        }
        message.setText("hello");
        return message;
    }

    /** Walks getCause(), which for MessagingException is also its "next exception". */
    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }

    private static java.util.Map.Entry<String, Integer> entry(String key, int value) {
        return java.util.Map.entry(key, value);
    }

    private static byte[] concat(String ascii, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void recordsEveryCommandLineAsTheBytesThatArrived() throws Exception {
        server.advertiseSmtpUtf8(true);
        byte[] rcpt = "RCPT TO:<用户@example.org>\r\n".getBytes(StandardCharsets.UTF_8);
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.send("EHLO test\r\n");
            assertThat(client.reply()).contains("SMTPUTF8");
            client.send("MAIL FROM:<a@example.org> SMTPUTF8\r\n");
            assertThat(client.reply()).startsWith("250");
            client.send(rcpt);
            assertThat(client.reply()).startsWith("250");
        }
        assertThat(server.commandLines()).anySatisfy(line -> assertThat(line).isEqualTo(rcpt));
        assertThat(server.commands()).contains("RCPT TO:<用户@example.org>");
    }

    @Test
    void replyAtAnswersAnyStageWithTheGivenReply() throws Exception {
        server.replyAt(FaultySmtpServer.Stage.GREETING, 554, "5.7.1 go away", 1);
        try (RawClient client = new RawClient(server)) {
            assertThat(client.reply()).isEqualTo("554 5.7.1 go away");
            assertThat(client.reply()).isNull();
        }
        server.replyAt(FaultySmtpServer.Stage.MAIL, 550, "5.7.1 sender rejected", 1)
                .replyAt(FaultySmtpServer.Stage.END_OF_DATA, 552, "5.3.4 message too big", 1);
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.send("EHLO test\r\n");
            client.reply();
            client.send("MAIL FROM:<a@example.org>\r\n");
            assertThat(client.reply()).isEqualTo("550 5.7.1 sender rejected");
            client.send("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("250");
            assertThat(client.reply()).startsWith("354");
            client.send("Subject: x\r\n\r\nbody\r\n.\r\n");
            assertThat(client.reply()).isEqualTo("552 5.3.4 message too big");
        }
        assertThat(server.messages()).isEmpty();
    }

    @Test
    void dropAfterEndOfDataHangsUpWithoutAReplyAndMayKeepTheMessage() throws Exception {
        server.dropAfterEndOfData(1, true);
        try (RawClient client = new RawClient(server)) {
            client.reply();
            client.send("EHLO test\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
            client.reply();
            client.reply();
            client.reply();
            assertThat(client.reply()).startsWith("354");
            client.send("Subject: x\r\n\r\nbody\r\n.\r\n");
            String reply;
            try {
                reply = client.reply();
            } catch (IOException reset) {
                reply = null;
            }
            assertThat(reply).isNull();
        }
        assertThat(server.messages()).hasSize(1);
    }

    /** A bare socket client, for checking exactly what goes over the wire. */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        RawClient(FaultySmtpServer server) throws IOException {
            socket = new Socket(server.host(), server.port());
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** One whole reply (all lines of a multi-line one joined by "\n"), or null at end of stream. */
        String reply() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    break;
                }
            }
            return lines.isEmpty() ? null : String.join("\n", lines);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Usually refused. On a shared machine another process may have bound the freed port in the
     * meantime, so what counts is that this server accepted nothing.
     */
    private static void tryToConnect(String host, int port) {
        try (Socket socket = new Socket(host, port)) {
            socket.getLocalPort();
        } catch (IOException refused) {
            // expected
        }
    }
}
