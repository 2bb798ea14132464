package org.paperdigest.rendering;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The subject, text and HTML templates, compiled once per run. A file in {@code digest.templates-dir}
 * overrides the packaged template of the same name.
 */
@Component
public class Templates {

    static final String SUBJECT = "subject.mustache";
    static final String TEXT = "digest.txt.mustache";
    static final String HTML = "digest.html.mustache";

    // Each rendering thread reuses its writer (a template calls no other: busy is only a safeguard).
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final Path dir;
    private volatile Compiled compiled;

    record Compiled(Mustache subject, Mustache text, Mustache html) {
    }

    public Templates(DigestProperties properties) {
        this.dir = properties.templatesDir();
    }

    /** Compiles every template now, so that a broken one stops the run before anything is sent. */
    public void check() {
        compiled();
    }

    Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            synchronized (this) {
                if (compiled == null) {
                    compiled = new Compiled(compile(SUBJECT, new PlainTextFactory()),
                            compile(TEXT, new PlainTextFactory()), compile(HTML, new MemoizingFactory()));
                }
                c = compiled;
            }
        }
        return c;
    }

    static String execute(Mustache template, Object view) {
        return execute(template, view, JoiningWriter::take);
    }

    /** The template's output as UTF-8, the way a message body is sent. */
    static byte[] executeUtf8(Mustache template, Object view) {
        return execute(template, view, JoiningWriter::takeUtf8);
    }

    private static <T> T execute(Mustache template, Object view, Function<JoiningWriter, T> take) {
        Output out = OUTPUT.get();
        if (out.busy) {
            out = new Output();
        }
        out.busy = true;
        try {
            template.execute(out, view);
            return take.apply(out);
        } finally {
            out.clear();
            out.busy = false;
        }
    }

    private Mustache compile(String name, DefaultMustacheFactory factory) {
        Path override = dir == null ? null : dir.resolve(name);
        String source = override != null && Files.isRegularFile(override) ? override.toString() : "classpath:templates/" + name;
        try (Reader reader = open(override, name)) {
            return factory.compile(reader, name);
        } catch (MustacheException e) {
            throw new BadInputException(source + ": template does not compile: " + OneLine.of(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + source, e);
        }
    }

    private static Reader open(Path override, String name) throws IOException {
        InputStream in = override != null && Files.isRegularFile(override)
                ? Files.newInputStream(override)
                : new ClassPathResource("templates/" + name).getInputStream();
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static final class Output extends JoiningWriter {
        boolean busy;
    }

    /** Sections render each element once (see {@link MemoizedSection}); otherwise Mustache's defaults. */
    static class MemoizingFactory extends DefaultMustacheFactory {
        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                    list.add(new MemoizedSection(tc, df, mustache, variable));
                }
            };
        }
    }

    /** Subject and text part are not HTML: {{ }} writes values as they are. */
    static final class PlainTextFactory extends MemoizingFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
