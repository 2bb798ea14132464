package org.paperdigest.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small but real SMTP server (an RFC 5321 subset) for tests that need a relay to misbehave on purpose,
 * which GreenMail cannot do: reject recipients, fail or drop DATA, refuse or stall connections, throttle,
 * answer slowly, or go away entirely and come back on the same port.
 *
 * <p>It listens on 127.0.0.1 on an ephemeral port as soon as it is constructed, serves each connection on
 * its own daemon thread, and is safe to reconfigure from the test thread while clients are talking to it.
 * Faults are set with the fluent methods and cleared with {@link #reset()}. Counted faults ("the next n")
 * are consumed by whichever connection reaches them first.
 *
 * <p>Every command line is kept as the bytes that arrived ({@link #commandLines()}), so a test sees exactly
 * what went on the wire, and {@link #replyAt} makes the server answer anything at any stage.
 *
 * <p>Supported: EHLO (advertising PIPELINING, 8BITMIME, SIZE, ENHANCEDSTATUSCODES, optionally SMTPUTF8), HELO, MAIL FROM,
 * RCPT TO, DATA, RSET, NOOP, QUIT. Commands are read line by line from one buffered byte stream and answered
 * in order, which is all PIPELINING needs. The message is kept as bytes, so 8-bit bodies arrive intact.
 * Not supported: AUTH, STARTTLS, VRFY and other extensions; a client that needs them cannot use this server.
 */
public final class FaultySmtpServer implements AutoCloseable, AfterEachCallback {

    /** Advertised with SIZE and enforced on the MAIL FROM SIZE= parameter (RFC 1870). */
    public static final int MAX_MESSAGE_SIZE = 10 * 1024 * 1024;

    private static final InetAddress LOOPBACK = loopback();
    private static final int BACKLOG = 50;
    /** How often sleeping connection threads look whether stop()/close() closed their socket. */
    private static final long PAUSE_SLICE_MILLIS = 20;

    private final ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
    private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final AtomicInteger queueIds = new AtomicInteger();
    private final AtomicInteger pipelinedCommands = new AtomicInteger();
    private volatile boolean pipelining = true;
    private volatile boolean smtpUtf8;
    private volatile long sizeLimit = MAX_MESSAGE_SIZE;
    private final List<byte[]> commandLines = new ArrayList<>(); // guarded by itself
    private final List<ReceivedMessage> received = new ArrayList<>(); // guarded by itself

    private final Object lifecycle = new Object();
    private ServerSocket listener; // guarded by lifecycle; null while stopped
    private Future<?> acceptLoop;  // guarded by lifecycle; the loop of the current listener
    private boolean closed;        // guarded by lifecycle
    private volatile int port;     // 0 until the first bind, then fixed so stop()/start() keep it

    // Fault configuration, all guarded by this.
    private final Map<String, Rejection> rejectedRecipients = new HashMap<>();
    private Reply dataFailure;
    private int dataFailuresLeft;
    private int refusalsLeft;
    private boolean down;
    private int dropsLeft;
    private Duration acceptDelay = Duration.ZERO;
    private boolean held;
    private Duration greetingStall = Duration.ZERO;
    private int throttleAfter = -1;
    private Reply throttleReply;
    private final Map<Stage, Rejection> stageReplies = new HashMap<>();
    private int dropsAfterEndOfData;
    private final Map<String, Boolean> droppedRecipients = new HashMap<>();
    private boolean storedBeforeDrop;

    /** Where in a conversation {@link #replyAt} answers with a reply of the test's choosing. */
    public enum Stage {
        /** The reply on connecting, in place of 220; the server then hangs up. */
        GREETING,
        EHLO,
        MAIL,
        RCPT,
        /** The reply to the DATA command itself. */
        DATA,
        /** The reply to the message's final dot; the message is then not recorded. */
        END_OF_DATA
    }

    /** Starts listening on 127.0.0.1 on an ephemeral port. */
    public FaultySmtpServer() {
        start();
    }

    // ---------------------------------------------------------------- lifecycle

    public String host() {
        return LOOPBACK.getHostAddress();
    }

    /** The listening port; the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return listener != null;
        }
    }

    /**
     * (Re)opens the listening socket on the same port. Does nothing if already listening.
     *
     * @throws UncheckedIOException if the port cannot be bound again (another process grabbed it)
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("server is closed");
            }
            if (listener != null) {
                return;
            }
            ServerSocket socket = bind(port);
            port = socket.getLocalPort();
            listener = socket;
            acceptLoop = threads.submit(() -> acceptLoop(socket));
        }
    }

    /**
     * Closes the listening socket and every open connection, like a relay process that died: clients see
     * "connection refused" until {@link #start()}. Recorded messages and faults are kept.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
                // The accept() that the loop is blocked in holds the listening socket open in the kernel
                // until the JDK's signal ends it, and takes any connection that arrives in between: a
                // client right after stop() was accepted (and reset) on a busy machine. Closed means gone.
                awaitQuietly(acceptLoop);
                acceptLoop = null;
            }
            openConnections.forEach(FaultySmtpServer::closeQuietly);
        }
    }

    /** Registered with {@code @RegisterExtension}, the server is closed after each test. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Stops for good and ends the connection threads. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            stop();
            closed = true;
        }
        threads.shutdownNow(); // interrupts threads still pausing (acceptDelay, stallAfterGreeting)
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- what was received

    /** Accepted messages in acceptance order (a snapshot). */
    public List<ReceivedMessage> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many accepted messages each recipient got, keyed by the lower-cased address. */
    public Map<String, Integer> countByRecipient() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ReceivedMessage message : messages()) {
            for (String recipient : message.recipients()) {
                counts.merge(recipient.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Commands that arrived while an earlier one was still unanswered: the client pipelines. */
    public int pipelinedCommands() {
        return pipelinedCommands.get();
    }

    /** Every command line received, on any connection, as the raw bytes (CRLF included), in arrival order. */
    public List<byte[]> commandLines() {
        synchronized (commandLines) {
            return commandLines.stream().map(byte[]::clone).toList();
        }
    }

    /** The command lines decoded as UTF-8, without their line ends: for assertions on what went on the wire. */
    public List<String> commands() {
        return commandLines().stream().map(line -> new String(line, StandardCharsets.UTF_8).strip()).toList();
    }

    /** Whether EHLO offers SMTPUTF8 (RFC 6531); it does not unless told to. */
    public FaultySmtpServer advertiseSmtpUtf8(boolean offered) {
        this.smtpUtf8 = offered;
        return this;
    }

    /** The message size limit that EHLO advertises with SIZE (and MAIL FROM SIZE= is checked against). */
    public FaultySmtpServer advertiseSize(long limit) {
        this.sizeLimit = limit;
        return this;
    }

    /** Whether EHLO offers PIPELINING (it does unless told otherwise). */
    public FaultySmtpServer advertisePipelining(boolean offered) {
        this.pipelining = offered;
        return this;
    }

    /** TCP connections accepted so far, including those answered with 421 by refuseConnections or down. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /**
     * Waits until every conversation has ended: after a client was killed, a message it left inside
     * {@link #acceptDelay} is then recorded. False if the timeout passed first.
     */
    public boolean awaitNoConnections(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!openConnections.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return openConnections.isEmpty();
            }
        }
        return true;
    }

    /** Forgets recorded messages and command lines and zeroes {@link #connectionsAccepted()}; faults are untouched. */
    public void clear() {
        synchronized (received) {
            received.clear();
        }
        connectionsAccepted.set(0);
        synchronized (commandLines) {
            commandLines.clear();
        }
    }

    /** Waits until at least n messages have been accepted; false if the timeout passed first. */
    public boolean awaitMessages(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return received.size() >= n;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- faults

    /** Answers every RCPT TO for this address (case-insensitive) with e.g. 550 "5.1.1 no such user". */
    public synchronized FaultySmtpServer rejectRecipient(String address, int code, String text) {
        rejectedRecipients.put(key(address), new Rejection(new Reply(code, text), -1));
        return this;
    }

    /** Rejects the first {@code times} RCPT TO attempts for this address, then accepts it again. */
    public synchronized FaultySmtpServer rejectRecipientTimes(String address, int code, String text, int times) {
        if (times <= 0) {
            rejectedRecipients.remove(key(address));
        } else {
            rejectedRecipients.put(key(address), new Rejection(new Reply(code, text), times));
        }
        return this;
    }

    /**
     * Answers the next {@code times} commands of this stage (any number when negative) with this reply, instead
     * of what the server would answer. The command then has no effect (a refused RCPT adds no recipient).
     */
    public synchronized FaultySmtpServer replyAt(Stage stage, int code, String text, int times) {
        if (times == 0) {
            stageReplies.remove(stage);
        } else {
            stageReplies.put(stage, new Rejection(new Reply(code, text), times));
        }
        return this;
    }

    /**
     * For the next {@code times} messages, reads the whole message and its final dot, then resets the
     * connection without replying: the client cannot know whether it was delivered. With {@code stored}
     * the message is recorded first (the relay had queued it), else it is lost.
     */
    public synchronized FaultySmtpServer dropAfterEndOfData(int times, boolean stored) {
        dropsAfterEndOfData = times;
        storedBeforeDrop = stored;
        return this;
    }

    /** As {@link #dropAfterEndOfData}, for every message to this recipient (case-insensitive), every time. */
    public synchronized FaultySmtpServer dropAfterEndOfDataFor(String recipient, boolean stored) {
        droppedRecipients.put(key(recipient), stored);
        return this;
    }

    /** Answers the end of DATA of the next {@code times} messages with this reply; they are not recorded. */
    public synchronized FaultySmtpServer failData(int code, String text, int times) {
        dataFailure = new Reply(code, text);
        dataFailuresLeft = times;
        return this;
    }

    /** Greets the next {@code times} connections with "421 4.3.2 service not available" and hangs up. */
    public synchronized FaultySmtpServer refuseConnections(int times) {
        refusalsLeft = times;
        return this;
    }

    /**
     * While down, every new connection is greeted with 421 and closed: the host answers but the relay is
     * not serving. For "nothing listens at all" use {@link #stop()}.
     */
    public synchronized FaultySmtpServer down(boolean down) {
        this.down = down;
        return this;
    }

    /**
     * For the next {@code times} messages, reads the first line after 354 and then resets the connection
     * without replying. Those messages are not recorded.
     */
    public synchronized FaultySmtpServer dropDuringData(int times) {
        dropsLeft = times;
        return this;
    }

    /**
     * Waits this long before answering the end of DATA. The message is recorded after the wait even if the
     * client gave up meanwhile, as a real relay that has queued it would still deliver it (the duplicate
     * window of RFC 1047); it is not recorded if the server is stopped during the wait.
     */
    public synchronized FaultySmtpServer acceptDelay(Duration delay) {
        acceptDelay = delay;
        return this;
    }

    /**
     * While held, the end of DATA is answered only once released (after any {@link #acceptDelay}): a send waits,
     * without a timing to guess, for as long as a test looks at it. The message is recorded as acceptDelay says.
     */
    public synchronized FaultySmtpServer holdAtEndOfData(boolean hold) {
        held = hold;
        return this;
    }

    private synchronized boolean held() {
        return held;
    }

    /**
     * Waits this long after accepting a connection and before sending the 220 greeting, so a client with
     * a shorter read timeout gives up waiting for the greeting.
     */
    public synchronized FaultySmtpServer stallAfterGreeting(Duration delay) {
        greetingStall = delay;
        return this;
    }

    /**
     * After {@code messages} accepted messages on one connection, answers each further MAIL FROM on that
     * connection with this reply; with code 421 the server then closes the connection, as relays do.
     */
    public synchronized FaultySmtpServer throttleAfter(int messages, int code, String text) {
        throttleAfter = messages;
        throttleReply = new Reply(code, text);
        return this;
    }

    /** Clears every fault (it does not restart a stopped server nor forget messages). */
    public synchronized FaultySmtpServer reset() {
        rejectedRecipients.clear();
        dataFailure = null;
        dataFailuresLeft = 0;
        refusalsLeft = 0;
        down = false;
        dropsLeft = 0;
        acceptDelay = Duration.ZERO;
        held = false;
        greetingStall = Duration.ZERO;
        throttleAfter = -1;
        throttleReply = null;
        stageReplies.clear();
        dropsAfterEndOfData = 0;
        droppedRecipients.clear();
        return this;
    }

    // The connection threads read the faults only through these, so each decision is atomic.

    private synchronized boolean refuseNextConnection() {
        if (down) {
            return true;
        }
        if (refusalsLeft > 0) {
            refusalsLeft--;
            return true;
        }
        return false;
    }

    private synchronized Reply recipientRejection(String address) {
        Rejection rejection = rejectedRecipients.get(key(address));
        if (rejection == null) {
            return null;
        }
        if (rejection.remaining > 0 && --rejection.remaining == 0) {
            rejectedRecipients.remove(key(address)); // this was the last rejection; accept from now on
        }
        return rejection.reply;
    }

    private synchronized Reply stageReply(Stage stage) {
        Rejection rejection = stageReplies.get(stage);
        if (rejection == null) {
            return null;
        }
        if (rejection.remaining > 0 && --rejection.remaining == 0) {
            stageReplies.remove(stage);
        }
        return rejection.reply;
    }

    /** Null to answer normally; else whether the dropped message is recorded. */
    private synchronized Boolean takeDropAfterEndOfData(List<String> recipients) {
        for (String recipient : recipients) {
            Boolean stored = droppedRecipients.get(key(recipient));
            if (stored != null) {
                return stored;
            }
        }
        if (dropsAfterEndOfData <= 0) {
            return null;
        }
        dropsAfterEndOfData--;
        return storedBeforeDrop;
    }

    private synchronized Reply takeDataFailure() {
        if (dataFailuresLeft <= 0) {
            return null;
        }
        dataFailuresLeft--;
        return dataFailure;
    }

    private synchronized boolean takeDrop() {
        if (dropsLeft <= 0) {
            return false;
        }
        dropsLeft--;
        return true;
    }

    private synchronized Duration acceptDelay() {
        return acceptDelay;
    }

    private synchronized Duration greetingStall() {
        return greetingStall;
    }

    private synchronized Reply throttleReply(int acceptedOnConnection) {
        return throttleAfter >= 0 && acceptedOnConnection >= throttleAfter ? throttleReply : null;
    }

    // ---------------------------------------------------------------- networking

    private void acceptLoop(ServerSocket socket) {
        while (true) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // stop() or close() closed the listener
            }
            connectionsAccepted.incrementAndGet();
            openConnections.add(client);
            // A stop() that ran between accept() and add() did not see this socket: close it ourselves.
            if (socket.isClosed()) {
                closeQuietly(client);
                openConnections.remove(client);
                continue;
            }
            try {
                threads.execute(new Connection(client));
            } catch (RejectedExecutionException | IOException e) {
                closeQuietly(client);
                openConnections.remove(client);
            }
        }
    }

    private static void awaitQuietly(Future<?> loop) {
        try {
            loop.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the accept loop did not end after its socket was closed", e);
        }
    }

    private static ServerSocket bind(int port) {
        // Re-binding right after stop() can briefly fail; SO_REUSEADDR covers TIME_WAIT, the retry the rest.
        IOException failure = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            ServerSocket socket = null;
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(LOOPBACK, port), BACKLOG);
                return socket;
            } catch (BindException e) {
                closeQuietly(socket);
                failure = e;
                sleep(20);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new UncheckedIOException(e);
            }
        }
        throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, failure);
    }

    private void record(ReceivedMessage message) {
        synchronized (received) {
            received.add(message);
            received.notifyAll();
        }
    }

    /** One client conversation. Transaction state is confined to its thread. */
    private final class Connection implements Runnable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean greeted;
        private String mailFrom; // null outside a mail transaction
        private final List<String> recipients = new ArrayList<>();
        private int acceptedHere;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            // As a relay does: otherwise the second of a pipelined batch's replies waits for the client's
            // delayed ACK (Nagle), and every message stalls ~40 ms.
            socket.setTcpNoDelay(true);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        @Override
        public void run() {
            try (socket) {
                converse();
            } catch (IOException e) {
                // The client went away or we were stopped: both are ordinary for this server.
            } finally {
                openConnections.remove(socket);
            }
        }

        private void converse() throws IOException {
            if (refuseNextConnection()) {
                reply(421, "4.3.2 service not available");
                return;
            }
            pause(greetingStall());
            Reply greeting = stageReply(Stage.GREETING);
            if (greeting != null) {
                reply(greeting);
                return;
            }
            reply(220, "localhost ESMTP FaultySmtpServer ready");
            String line;
            while ((line = readCommand()) != null) {
                if (in.available() > 0) {
                    pipelinedCommands.incrementAndGet(); // the next command came before this one's reply
                }
                if (!handle(line)) {
                    return;
                }
            }
        }

        /** Answers one command; false when the connection must be closed. */
        private boolean handle(String line) throws IOException {
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String argument = space < 0 ? "" : line.substring(space + 1).trim();
            Stage stage = switch (verb) {
                case "EHLO" -> Stage.EHLO;
                case "MAIL" -> Stage.MAIL;
                case "RCPT" -> Stage.RCPT;
                case "DATA" -> Stage.DATA;
                default -> null;
            };
            Reply configured = stage == null ? null : stageReply(stage);
            if (configured != null) {
                return reply(configured);
            }
            switch (verb) {
                case "EHLO":
                    startSession();
                    List<String> lines = new ArrayList<>(List.of("localhost greets " + argument, "8BITMIME",
                            "SIZE " + sizeLimit, "ENHANCEDSTATUSCODES"));
                    if (pipelining) {
                        lines.add(1, "PIPELINING");
                    }
                    if (smtpUtf8) {
                        lines.add("SMTPUTF8");
                    }
                    replyLines(250, lines);
                    return true;
                case "HELO":
                    startSession();
                    reply(250, "localhost");
                    return true;
                case "MAIL":
                    return mail(line);
                case "RCPT":
                    return rcpt(line);
                case "DATA":
                    return data();
                case "RSET":
                    resetTransaction();
                    reply(250, "2.0.0 OK");
                    return true;
                case "NOOP":
                    reply(250, "2.0.0 OK");
                    return true;
                case "QUIT":
                    reply(221, "2.0.0 bye");
                    return false;
                default:
                    reply(500, "5.5.2 command not recognized");
                    return true;
            }
        }

        private boolean mail(String line) throws IOException {
            if (!greeted) {
                reply(503, "5.5.1 send EHLO or HELO first");
                return true;
            }
            if (mailFrom != null) {
                reply(503, "5.5.1 nested MAIL command");
                return true;
            }
            Reply throttle = throttleReply(acceptedHere);
            if (throttle != null) {
                return reply(throttle);
            }
            String from = path(line, "MAIL FROM:");
            if (from == null) {
                reply(501, "5.5.4 syntax: MAIL FROM:<address>");
                return true;
            }
            if (declaredSize(line) > sizeLimit) {
                reply(552, "5.3.4 message size exceeds fixed maximum message size");
                return true;
            }
            mailFrom = from;
            reply(250, "2.1.0 OK");
            return true;
        }

        private boolean rcpt(String line) throws IOException {
            if (mailFrom == null) {
                reply(503, "5.5.1 need MAIL before RCPT");
                return true;
            }
            String to = path(line, "RCPT TO:");
            if (to == null || to.isEmpty()) {
                reply(501, "5.5.4 syntax: RCPT TO:<address>");
                return true;
            }
            Reply rejection = recipientRejection(to);
            if (rejection != null) {
                return reply(rejection);
            }
            recipients.add(to);
            reply(250, "2.1.5 OK");
            return true;
        }

        private boolean data() throws IOException {
            if (mailFrom == null) {
                reply(503, "5.5.1 need MAIL before DATA");
                return true;
            }
            if (recipients.isEmpty()) {
                // With PIPELINING the client sends DATA even when every RCPT failed (RFC 2920 3.1).
                reply(554, "5.5.1 no valid recipients");
                return true;
            }
            reply(354, "end data with <CR><LF>.<CR><LF>");
            if (takeDrop()) {
                readLine(in); // take a bite of the message so the client is mid-DATA, then vanish
                socket.setSoLinger(true, 0); // close with RST: abrupt, no reply, no orderly shutdown
                socket.close();
                return false;
            }
            byte[] raw = readData();
            if (raw == null) {
                return false; // the client hung up mid-message
            }
            Boolean storedBeforeDrop = takeDropAfterEndOfData(recipients);
            if (storedBeforeDrop != null) {
                if (storedBeforeDrop) {
                    record(ReceivedMessage.parse(mailFrom, recipients, raw, Instant.now()));
                }
                socket.setSoLinger(true, 0); // the final dot arrived; the reply never leaves
                socket.close();
                return false;
            }
            pause(acceptDelay());
            while (held() && !socket.isClosed()) {
                pause(Duration.ofMillis(PAUSE_SLICE_MILLIS));
            }
            if (socket.isClosed()) {
                return false; // stopped while "committing": a crashed relay loses the message
            }
            Reply failure = stageReply(Stage.END_OF_DATA);
            if (failure == null) {
                failure = takeDataFailure();
            }
            if (failure != null) {
                resetTransaction();
                return reply(failure);
            }
            record(ReceivedMessage.parse(mailFrom, recipients, raw, Instant.now()));
            acceptedHere++;
            resetTransaction();
            reply(250, "2.0.0 OK queued as " + queueIds.incrementAndGet());
            return true;
        }

        /** The message up to the lone "." line, dot-unstuffed (RFC 5321 4.5.2); null on EOF. */
        private byte[] readData() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            byte[] line;
            while ((line = readLine(in)) != null) {
                if (isTerminator(line)) {
                    return message.toByteArray();
                }
                int skip = line[0] == '.' ? 1 : 0;
                message.write(line, skip, line.length - skip);
            }
            return null;
        }

        private String readCommand() throws IOException {
            byte[] line = readLine(in);
            if (line == null) {
                return null;
            }
            synchronized (commandLines) {
                commandLines.add(line);
            }
            int end = line.length - 1; // drop the LF and a CR before it
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
            return text(line, end);
        }

        private void startSession() {
            greeted = true;
            resetTransaction(); // EHLO/HELO also abort a transaction in progress (RFC 5321 4.1.4)
        }

        private void resetTransaction() {
            mailFrom = null;
            recipients.clear();
        }

        /** Sends a configured reply; false (close the connection) for 421, which means "closing". */
        private boolean reply(Reply reply) throws IOException {
            reply(reply.code(), reply.text());
            return reply.code() != 421;
        }

        private void reply(int code, String text) throws IOException {
            write(code + " " + text + "\r\n");
        }

        private void replyLines(int code, List<String> lines) throws IOException {
            StringBuilder reply = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                reply.append(code).append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i)).append("\r\n");
            }
            write(reply.toString());
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sleeps, but gives up early when stop() or close() closes this connection. */
        private void pause(Duration duration) throws IOException {
            long deadline = System.nanoTime() + duration.toNanos();
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && !socket.isClosed()) {
                try {
                    Thread.sleep(Math.min(PAUSE_SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("server closed");
                }
            }
        }
    }

    // ---------------------------------------------------------------- small helpers

    /** One line including its LF, as bytes; null at end of stream (an unterminated last line is dropped). */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return null;
    }

    /** UTF-8 where the bytes are UTF-8 (an SMTPUTF8 envelope), else one character per byte. */
    private static String text(byte[] line, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean isTerminator(byte[] line) {
        // ".\r\n" per the RFC; a bare ".\n" is accepted too, like most servers do.
        return line[0] == '.' && (line.length == 2 || (line.length == 3 && line[1] == '\r'));
    }

    /** The address inside the angle brackets after the prefix ("" for {@code <>}), or null on bad syntax. */
    private static String path(String line, String prefix) {
        if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String rest = line.substring(prefix.length()).trim();
        if (rest.startsWith("<")) {
            int end = rest.indexOf('>');
            return end < 0 ? null : rest.substring(1, end);
        }
        // Some clients omit the brackets; take the first word.
        int space = rest.indexOf(' ');
        String address = space < 0 ? rest : rest.substring(0, space);
        return address.isEmpty() ? null : address;
    }

    /** The SIZE=n parameter of MAIL FROM, or 0 if absent or unparseable. */
    private static long declaredSize(String line) {
        for (String word : line.split(" ")) {
            if (word.regionMatches(true, 0, "SIZE=", 0, 5)) {
                try {
                    return Long.parseLong(word.substring(5));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a malformed address
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "faulty-smtp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Reply(int code, String text) {
    }

    private static final class Rejection {
        final Reply reply;
        int remaining; // negative: reject forever

        Rejection(Reply reply, int remaining) {
            this.reply = reply;
            this.remaining = remaining;
        }
    }
}
