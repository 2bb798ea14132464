package org.paperdigest.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.codes.IterableCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sections that keep their elements' output must render exactly as plain Mustache does, for any
 * template: the same elements are rendered under views that differ everywhere else, so a kept entry
 * that read anything outside its element would show.
 */
class MemoizedSectionTest {

    record Part(String text, boolean hit) {
    }

    record Item(int n, String link, String label, List<Part> parts) {
    }

    /** Shares the name "link" with its items, and has names of its own that a template may refer to. */
    record Page(String who, String link, List<Item> items, Map<String, String> extra, Object anything) {
    }

    // Same items, in different orders and positions, under pages that differ in everything else.
    static final Item A = new Item(1, "https://a.example", "a & <b>", List.of(new Part("Fast ", false),
            new Part("KV cache", true), new Part(" …", false)));
    static final Item B = new Item(2, null, null, List.of());
    static final Item C = new Item(3, "", "γ", List.of(new Part("only", true)));
    static final List<Page> PAGES = List.of(
            new Page("Ada", "https://page.example/1", List.of(A, B, C), Map.of("k", "v1"), "x"),
            new Page("Grace", null, List.of(C, A), Map.of("k", "v2"), 7),
            new Page(null, "https://page.example/3", List.of(B, A, B, C, A), Map.of(), List.of("y")),
            new Page("Alan", "", List.of(A, B, C), Map.of("k", "v4"), null));

    static Mustache compile(DefaultMustacheFactory factory, String template) {
        return factory.compile(new StringReader(template), "t" + template.hashCode());
    }

    static String plain(Mustache m, Object view) {
        StringWriter out = new StringWriter();
        m.execute(out, view);
        return out.toString();
    }

    static void assertSameAsPlainMustache(String template) {
        Mustache memoized = compile(new Templates.MemoizingFactory(), template);
        Mustache plain = compile(new DefaultMustacheFactory(), template);
        for (int round = 0; round < 2; round++) {
            for (Page page : PAGES) {
                assertThat(Templates.execute(memoized, page)).as(template).isEqualTo(plain(plain, page));
                assertThat(Templates.executeUtf8(memoized, page)).as(template)
                        .isEqualTo(plain(plain, page).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // elements only: kept
        "{{#items}}{{n}}. {{#link}}<a href=\"{{link}}\">{{/link}}{{#parts}}{{#hit}}*{{text}}*{{/hit}}{{^hit}}{{text}}{{/hit}}{{/parts}}{{#link}}</a>{{/link}}\n{{/items}}",
        "{{#items}}{{.}}|{{{label}}}|{{&label}}|{{label}}{{/items}}",
        "{{#items}}{{#parts}}{{n}}:{{text}}{{#hit}}{{label}}{{/hit}}{{/parts}}{{/items}}",
        "{{#items}}{{#n}}{{n}}{{.}}{{/n}}{{^label}}none{{/label}}{{! a comment }}{{/items}}",
        "{{=<% %>=}}<%#items%>[<%n%>]<%/items%>",
        "{{#link}}{{#items}}{{n}}{{/items}}{{/link}}",
        "{{#items}}\n  {{#parts}}\n  {{text}}\n  {{/parts}}\n{{/items}}\n",
        // reads the page: plain
        "{{#items}}{{n}} for {{who}}{{/items}}",
        "{{#items}}{{#parts}}{{text}} {{who}}{{/parts}}{{/items}}",
        "{{#items}}{{^link}}no link, page has {{link}}{{/link}}{{/items}}",
        "{{#items}}{{#link}}{{length}}{{/link}}{{/items}}",
        "{{#items}}{{hit}}{{text}}{{/items}}",
        "{{#items}}{{extra.k}}{{parts.size}}{{/items}}",
        "{{#items}}{{#items}}{{n}}{{/items}}{{/items}}",
        "{{#items}}{{anything}}{{/items}}",
        "{{#items}}{{toString}}{{hashCode}}{{class}}{{/items}}",
        // not records: plain
        "{{#extra}}{{k}}{{/extra}}{{#anything}}{{.}}{{/anything}}",
    })
    void rendersExactlyAsMustache(String template) {
        assertSameAsPlainMustache(template);
    }

    /** Mustache as it is, with the text templates' encoding: values written as they are. */
    static final class RawFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Templates.SUBJECT, Templates.TEXT, Templates.HTML})
    void theShippedTemplatesRenderAsMustacheDoes(String name) throws IOException {
        String template = Files.readString(Path.of("templates", name), StandardCharsets.UTF_8);
        boolean html = name.equals(Templates.HTML);
        Mustache memoized = compile(html ? new Templates.MemoizingFactory() : new Templates.PlainTextFactory(),
                template);
        Mustache plain = compile(html ? new DefaultMustacheFactory() : new RawFactory(), template);
        List<Segment> title = Segments.of(List.of(new Segment("Fast ", false), new Segment("KV <cache>", true)));
        List<Segment> snippet = List.of(new Segment("\u2026We & they ", false), new Segment("cache", true));
        DigestView.PaperView first = new DigestView.PaperView(1, title, "https://x.example/?a=1&b=2", null,
                "https://arxiv.org/abs/1", "https://github.com/x", "Ada, Grace et al.", snippet, "KV cache");
        DigestView.PaperView second = new DigestView.PaperView(2, title, null, "https://huggingface.co/papers/2",
                "https://arxiv.org/abs/2", null, null, List.of(), "KV cache, \"quotes\"");
        for (int round = 0; round < 2; round++) {
            for (String who : new String[] {"Ada", "<Eve>", null}) {
                for (String unsubscribe : new String[] {"https://u.example/" + who, null}) {
                    DigestView view = new DigestView(who, "Hi " + who + ",", "Jul 29", "Tuesday, 29 July 2025", 2,
                            "2 new papers", "KV cache & more " + who, "KV cache, " + who,
                            who == null ? List.of(second, first) : List.of(first, second), unsubscribe,
                            "Digest " + who);
                    assertThat(Templates.execute(memoized, view)).isEqualTo(plain(plain, view));
                    // as UTF-8, kept entries (with a letter beyond Latin-1 in the snippet) copied as they were kept
                    assertThat(Templates.executeUtf8(memoized, view))
                            .isEqualTo(plain(plain, view).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    static Code[] section(Mustache template, String name) {
        return Arrays.stream(template.getCodes())
                .filter(c -> c instanceof IterableCode && name.equals(c.getName()))
                .findFirst().orElseThrow().getCodes();
    }

    static boolean local(String template) {
        return ElementLocal.of(Item.class, section(compile(new DefaultMustacheFactory(), template), "items"));
    }

    @Test
    void aSectionIsKeptOnlyWhenItReadsNothingButItsElement() {
        assertThat(local("{{#items}}{{n}}{{#parts}}{{#hit}}{{text}}{{label}}{{/hit}}{{/parts}}{{.}}{{/items}}"))
                .isTrue();
        assertThat(local("{{#items}}{{#link}}<{{link}}>{{/link}}{{^label}}-{{/label}}{{/items}}")).isTrue();

        assertThat(local("{{#items}}{{who}}{{/items}}")).isFalse();
        assertThat(local("{{#items}}{{#parts}}{{who}}{{/parts}}{{/items}}")).isFalse();
        assertThat(local("{{#items}}{{parts.size}}{{/items}}")).isFalse();
        assertThat(local("{{#items}}{{#link}}{{empty}}{{/link}}{{/items}}")).isFalse();
        assertThat(local("{{#items}}{{hashCode}}{{/items}}")).isFalse();
        assertThat(local("{{#items}}{{*label}}{{/items}}")).isFalse();
    }

    @Test
    void partialsAndInheritanceAreNeverKept() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory() {
            @Override
            public Reader getReader(String resourceName) {
                return new StringReader("{{n}}{{$block}}default{{/block}}");
            }
        };
        Mustache partial = compile(factory, "{{#items}}{{>part}}{{/items}}");
        Mustache inheriting = compile(factory, "{{#items}}{{<part}}{{$block}}{{n}}{{/block}}{{/part}}{{/items}}");

        assertThat(ElementLocal.of(Item.class, section(partial, "items"))).isFalse();
        assertThat(ElementLocal.of(Item.class, section(inheriting, "items"))).isFalse();
    }

    @Test
    void onlyRecordsOfPlainValuesAreKept() {
        Code[] body = section(compile(new DefaultMustacheFactory(), "{{#items}}{{.}}{{/items}}"), "items");

        record Holder(List<Object> anything) {
        }
        record Mutable(StringBuilder text) {
        }
        assertThat(ElementLocal.of(Item.class, body)).isTrue();
        assertThat(ElementLocal.of(Holder.class, body)).isFalse();
        assertThat(ElementLocal.of(Mutable.class, body)).isFalse();
        assertThat(ElementLocal.of(String.class, body)).isFalse();
    }

    /** The real view's paper entries are kept: if a template change stopped that, rendering would be 3x slower. */
    @ParameterizedTest
    @ValueSource(strings = {Templates.TEXT, Templates.HTML})
    void theShippedTemplatesKeepTheirPaperEntries(String name) throws IOException {
        String template = Files.readString(Path.of("templates", name), StandardCharsets.UTF_8);
        Code[] papers = section(compile(new DefaultMustacheFactory(), template), "papers");

        assertThat(ElementLocal.of(DigestView.PaperView.class, papers)).isTrue();
    }

    @Test
    void aFailedTemplateLeavesNothingBehindForTheNextOne() {
        Mustache failing = compile(new Templates.MemoizingFactory(), "before {{#anything}}{{.}}{{/anything}}");
        Mustache fine = compile(new Templates.MemoizingFactory(), "{{who}}");
        Page throwing = new Page("x", null, List.of(), Map.of(), (Callable<String>) () -> {
            throw new IllegalStateException("boom");
        });
        List<String> outcomes = new ArrayList<>();
        try {
            Templates.execute(failing, throwing);
        } catch (RuntimeException e) {
            outcomes.add("failed");
        }
        outcomes.add(Templates.execute(fine, PAGES.get(0)));

        assertThat(outcomes).containsExactly("failed", "Ada");
    }
}
