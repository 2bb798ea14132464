package org.paperdigest.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.ingest.AbstractsReader;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.job.DigestRuns;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Matching;
import org.paperdigest.rendering.DigestRenderer;
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

    @Spec
    CommandSpec spec;

    @Option(names = "--email", required = true, paramLabel = "ADDRESS", description = "The subscriber.")
    String email;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Issue date (default: today in digest.zone).")
    LocalDate date;

    @Option(names = "--abstracts", paramLabel = "PATH",
            description = "The day's papers (default: those loaded for the date, else digest.abstracts).")
    Path abstracts;

    private final DigestProperties properties;
    private final SubscribersFile subscribersFile;
    private final SubscriberRepository subscribers;
    private final AbstractsReader reader;
    private final PaperStore papers;
    private final DigestRuns runs;
    private final Matching matching;
    private final DigestRenderer renderer;
    private final DigestMessages messages;

    PreviewCommand(DigestProperties properties, SubscribersFile subscribersFile, SubscriberRepository subscribers,
            AbstractsReader reader, PaperStore papers, DigestRuns runs, Matching matching, DigestRenderer renderer,
            DigestMessages messages) {
        this.properties = properties;
        this.subscribersFile = subscribersFile;
        this.subscribers = subscribers;
        this.reader = reader;
        this.papers = papers;
        this.runs = runs;
        this.matching = matching;
        this.renderer = renderer;
        this.messages = messages;
    }

    @Override
    public Integer call() throws Exception {
        LocalDate day = date != null ? date : LocalDate.now(properties.zone());
        // reads the file only as far as this subscriber
        SubscriberEntry entry = subscribersFile.find(properties.subscribersFile(), email)
                .orElseThrow(() -> new BadInputException(
                        properties.subscribersFile() + ": no subscriber with email '" + email + "'"));
        Subscriber subscriber = asSubscriber(entry);
        List<Paper> dayPapers = abstracts == null && papers.countDay(day) > 0 ? papers.findDay(day)
                : reader.read(abstracts != null ? abstracts : runs.abstractsFor(day));
        List<MatchedPaper> matched = matching.of(dayPapers)
                .select(subscriber.interests(), subscriber.exclude(), subscriber.maxPapers());
        PrintWriter out = spec.commandLine().getOut();
        if (matched.isEmpty()) {
            out.println("no paper of " + day + " matches " + entry.email() + "; no digest would be sent");
            return PaperDigestCli.OK;
        }
        Digest digest = new Digest(day, subscriber, matched.size(), renderer.render(subscriber, day, matched));
        // As an 8BITMIME relay would get it, so that the text reads as it will in a mail client.
        out.print(new String(messages.prepare(digest, true).wire(), StandardCharsets.UTF_8));
        out.flush();
        return PaperDigestCli.OK;
    }

    /** The file's entry as the job would see it after a sync; the token is the stored one if any. */
    private Subscriber asSubscriber(SubscriberEntry entry) {
        Subscriber stored = subscribers.findByEmail(entry.email()).orElse(null);
        return new Subscriber(stored == null ? 0 : stored.id(), entry.email(), entry.name(), entry.interests(),
                entry.exclude(), entry.maxPapers(), entry.format(), entry.active(),
                stored == null ? "preview" : stored.unsubscribeToken());
    }
}
