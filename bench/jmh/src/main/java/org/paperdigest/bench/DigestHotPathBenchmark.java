package org.paperdigest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;
import org.paperdigest.DigestProperties;
import org.paperdigest.delivery.DeliveryProperties;
import org.paperdigest.delivery.Digest;
import org.paperdigest.delivery.DigestMessages;
import org.paperdigest.ingest.SampleDay;
import org.paperdigest.matching.DayMatcher;
import org.paperdigest.matching.InterestQueries;
import org.paperdigest.matching.MatchedPaper;
import org.paperdigest.matching.Matching;
import org.paperdigest.matching.MatchingProperties;
import org.paperdigest.rendering.DigestRenderer;
import org.paperdigest.rendering.RenderedDigest;
import org.paperdigest.rendering.Templates;
import org.paperdigest.rendering.UnsubscribeLinks;
import org.paperdigest.subscribers.Format;
import org.paperdigest.subscribers.Subscriber;
import org.springframework.util.unit.DataSize;

/**
 * The work done per subscriber, without SMTP or the database: match the day's papers, render the
 * templates, build the MIME message and encode it. Run from the repository root; {@code -t 2} runs
 * it on two threads, as the job's partitions do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m",
        "-Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider"})
public class DigestHotPathBenchmark {

    // Interests people actually follow on the sample day, so most subscribers get 3 to 10 papers.
    static final List<String> VOCABULARY = List.of("large language models", "reinforcement learning",
            "mixture of experts", "KV cache", "speculative decoding", "quantization", "reasoning", "diffusion",
            "benchmark", "attention", "inference", "code generation", "multimodal", "vision-language",
            "agents", "fine-tuning", "distillation", "long context", "retrieval", "alignment", "safety",
            "tokenizer", "pretraining", "chain-of-thought", "theorem proving", "video", "sparse",
            "memory", "evaluation", "translation");

    static final LocalDate DATE = LocalDate.of(2025, 7, 29);
    static final int SUBSCRIBERS = 10_000;

    /** The share of subscribers, in percent, with example papers (like:), three titles of the day each. */
    @Param({"0", "10"})
    public int examplesPercent;

    DayMatcher day;
    DigestRenderer renderer;
    /** What a run's digests share, as the send step's do. */
    DigestRenderer.Issue issue;
    DigestMessages messages;
    List<Subscriber> subscribers;

    /** Each thread walks the subscribers on its own, from its own share of the list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            next = thread.getThreadIndex() * (SUBSCRIBERS / thread.getThreadCount());
        }

        Subscriber next(List<Subscriber> subscribers) {
            Subscriber subscriber = subscribers.get(next);
            next = (next + 1) % subscribers.size();
            return subscriber;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        // digest.* as Boot would bind them with these set, the rest left at their defaults
        DigestProperties properties = new DigestProperties("Paper Digest <digest@example.org>",
                Path.of("config/subscribers.yml"), List.of("samples/hf-daily-papers-jul-29.txt"), Path.of("templates"),
                ZoneOffset.UTC, "https://digest.example.org/u/{token}", "", Path.of("outbox"), 100,
                DataSize.ofMegabytes(16), null, Path.of("reports"), "", "", "", false);
        day = new Matching(null, new InterestQueries(new MatchingProperties("none")))
                .of(SampleDay.read(Path.of("samples/hf-daily-papers-jul-29.txt")));
        UnsubscribeLinks links = new UnsubscribeLinks(properties, s -> "token" + s.id());
        renderer = new DigestRenderer(new Templates(properties), links, properties);
        issue = renderer.issue(DATE);
        messages = new DigestMessages(properties,
                new DeliveryProperties(8, Duration.ofSeconds(2), Duration.ofSeconds(60), 0.5, 0, 4, true,
                        Duration.ofMinutes(10)), links);
        Random random = new Random(42);
        subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            List<String> interests = new ArrayList<>();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                interests.add(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            }
            List<String> like = new ArrayList<>();
            if (random.nextInt(100) < examplesPercent) {
                for (int k = 0; k < 3; k++) {
                    like.add(day.papers().get(random.nextInt(day.papers().size())).title());
                }
            }
            subscribers.add(new Subscriber(i, "user%06d@example.org".formatted(i), "User " + i, interests, List.of(),
                    10, random.nextInt(10) == 0 ? Format.TEXT : Format.HTML, true, null, like));
        }
    }

    @Benchmark
    public void matchAndRender(Cursor cursor, Blackhole sink) {
        Subscriber subscriber = cursor.next(subscribers);
        List<MatchedPaper> papers = day.select(subscriber.interests(), subscriber.exclude(), subscriber.like(),
                subscriber.maxPapers(), null);
        sink.consume(renderer.render(subscriber, issue, papers));
    }

    @Benchmark
    public void matchRenderAndBuildMessage(Cursor cursor, Blackhole sink) throws Exception {
        Subscriber subscriber = cursor.next(subscribers);
        List<MatchedPaper> papers = day.select(subscriber.interests(), subscriber.exclude(), subscriber.like(),
                subscriber.maxPapers(), null);
        RenderedDigest rendered = renderer.render(subscriber, issue, papers);
        // The bytes that go on the wire, dot-stuffed for SMTP DATA: all the sending thread still has to do is write them.
        sink.consume(messages.prepare(new Digest(DATE, subscriber, papers.size(), rendered), true).smtpData());
    }
}
