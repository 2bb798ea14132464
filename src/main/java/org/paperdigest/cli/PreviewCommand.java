package org.paperdigest.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.ingest.DaySources;
import org.paperdigest.ingest.Paper;
import org.paperdigest.ingest.PaperStore;
import org.paperdigest.job.DigestPipeline;
import org.paperdigest.job.DigestRuns;
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

    @Option(names = "--abstracts", paramLabel = "PATH|URL",
            description = "The day's papers, a file or URL; repeatable (default: those loaded for the date, "
                    + "else digest.abstracts).")
    List<String> abstracts;

    private final DigestProperties properties;
    private final SubscribersFile subscribersFile;
    private final SubscriberRepository subscribers;
    private final DaySources reader;
    private final PaperStore papers;
    private final DigestRuns runs;
    private final DigestPipeline pipeline;

    PreviewCommand(DigestProperties properties, SubscribersFile subscribersFile, SubscriberRepository subscribers,
            DaySources reader, PaperStore papers, DigestRuns runs, DigestPipeline pipeline) {
        this.properties = properties;
        this.subscribersFile = subscribersFile;
        this.subscribers = subscribers;
        this.reader = reader;
        this.papers = papers;
        this.runs = runs;
        this.pipeline = pipeline;
    }

    @Override
    public Integer call() throws Exception {
        LocalDate day = date != null ? date : runs.defaultDate(abstracts, LocalDate.now(properties.zone()));
        // reads the file only as far as this subscriber
        SubscriberEntry entry = subscribersFile.find(properties.subscribersFile(), email)
                .orElseThrow(() -> new BadInputException(
                        properties.subscribersFile() + ": no subscriber with email '" + email + "'"));
        Subscriber subscriber = asSubscriber(entry);
        List<Paper> dayPapers = abstracts == null && papers.countDay(day) > 0 ? papers.findDay(day)
                : reader.read(day, abstracts != null ? abstracts : runs.abstractsFor(day), true).papers();
        PrintWriter out = spec.commandLine().getOut();
        Optional<byte[]> message = pipeline.preview(day, dayPapers, subscriber);
        if (message.isEmpty()) {
            out.println("no paper of " + day + " matches " + entry.email() + "; no digest would be sent");
            return PaperDigestCli.OK;
        }
        out.print(new String(message.get(), StandardCharsets.UTF_8));
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
