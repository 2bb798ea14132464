package org.paperdigest.cli;

import jakarta.mail.internet.MimeUtility;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.SuppressionList;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.job.DigestPipeline;
import org.paperdigest.subscribers.Subscriber;
import org.paperdigest.subscribers.SubscriberEntry;
import org.paperdigest.subscribers.SubscriberRepository;
import org.paperdigest.subscribers.SubscribersFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Print the message a subscriber would get (headers and every part), "
                + "as the subscribers file describes them now. Sends and records nothing."})
class PreviewCommand implements Callable<Integer> {

    /** The Subject header's value, continuation lines included, in the header block. */
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (.*(?:\\r?\\n[ \\t].*)*)");

    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, paramLabel = "ADDRESS", description = "The subscriber.")
    String email;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default: today in digest.zone).")
    LocalDate date;

    @Option(names = "--abstracts", paramLabel = "PATH|URL",
            description = "The day's papers, a file or URL; repeatable (default: those loaded for the date, "
                    + "else digest.abstracts).")
    List<String> abstracts;

    private final DigestProperties properties;
    private final SubscribersFile subscribersFile;
    private final SubscriberRepository subscribers;
    private final DaySources reader;
    private final PaperStore papers;
    private final DigestPipeline pipeline;
    private final SuppressionList suppressions;

    PreviewCommand(DigestProperties properties, SubscribersFile subscribersFile, SubscriberRepository subscribers,
            DaySources reader, PaperStore papers, DigestPipeline pipeline,
            SuppressionList suppressions) {
        this.suppressions = suppressions;
        this.properties = properties;
        this.subscribersFile = subscribersFile;
        this.subscribers = subscribers;
        this.reader = reader;
        this.papers = papers;
        this.pipeline = pipeline;
    }

    @Override
    public Integer call() throws Exception {
        LocalDate day = date != null ? date : reader.issueDate(abstracts, LocalDate.now(properties.zone()));
        // reads the file only as far as this subscriber
        SubscriberEntry entry = subscribersFile.find(properties.subscribersFile(), email)
                .orElseThrow(() -> new BadInputException(
                        properties.subscribersFile() + ": no subscriber with email '" + email + "'"));
        Subscriber subscriber = asSubscriber(entry);
        List<Paper> dayPapers = abstracts == null && papers.countDay(day) > 0 ? papers.findDay(day)
                : reader.read(day, reader.sourcesFor(day, abstracts), true).papers();
        PrintWriter out = spec.commandLine().getOut();
        Optional<byte[]> message = pipeline.preview(day, dayPapers, subscriber);
        if (message.isEmpty()) {
            out.println("no paper of " + day + " matches " + entry.email() + "; no digest would be sent");
            return PaperDigestCli.OK;
        }
        if (entry.weeklyOn() != null && entry.weeklyOn() != day.getDayOfWeek()) {
            spec.commandLine().getErr().println("paper-digest: note: " + entry.email() + " reads weekly, on "
                    + entry.weeklyOn().name().toLowerCase(Locale.ROOT) + "s: send gives them no digest on " + day
                    + "; this is the digest of the week it ends");
        }
        if (!entry.active()) {
            spec.commandLine().getErr().println("paper-digest: note: " + entry.email() + " is inactive in "
                    + properties.subscribersFile() + ": send skips them");
        }
        suppressions.all().stream().filter(s -> s.email().equalsIgnoreCase(entry.email())).findFirst()
                .ifPresent(s -> spec.commandLine().getErr().println("paper-digest: note: " + entry.email() + " is "
                        + "suppressed (" + s.reason() + " since " + s.since().toLocalDate() + "): send skips them"));
        out.print(withReadableSubject(new String(message.get(), StandardCharsets.UTF_8)));
        out.flush();
        return PaperDigestCli.OK;
    }

    /** The message with its Subject header decoded and on one line: RFC 2047 words are for mail programs. */
    static String withReadableSubject(String message) {
        Matcher subject = SUBJECT.matcher(message);
        if (!subject.find()) {
            return message;
        }
        String folded = subject.group(1).replaceAll("\\r?\\n[ \\t]", " ");
        String decoded;
        try {
            decoded = MimeUtility.decodeText(folded);
        } catch (UnsupportedEncodingException e) {
            decoded = folded; // shown as the relay gets it
        }
        return message.substring(0, subject.start(1)) + decoded + message.substring(subject.end(1));
    }


    /** The file's entry as the job would see it after a sync: with its row's id, on which its links depend. */
    private Subscriber asSubscriber(SubscriberEntry entry) {
        Subscriber stored = subscribers.findByEmail(entry.email()).orElse(null);
        return new Subscriber(stored == null ? 0 : stored.id(), entry.email(), entry.name(), entry.interests(),
                entry.exclude(), entry.maxPapers(), entry.format(), entry.active(), entry.weeklyOn(), entry.like());
    }
}
