package org.paperdigest.rendering;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import org.paperdigest.BadInputException;
import org.paperdigest.DigestProperties;
import org.paperdigest.OneLine;
import org.paperdigest.ingest.AbstractsReader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The subject, digest and paper templates, compiled once. A digest template writes each paper's entry
 * as the paper partial rendered it ({@code paper.txt.mustache}, {@code paper.html.mustache}), so how a
 * paper looks is the partial's business. A file in {@code digest.templates-dir} overrides the packaged
 * template of the same name.
 */
@Component
public class Templates {

    static final String SUBJECT = "subject.mustache";
    static final String TEXT = "digest.txt.mustache";
    static final String HTML = "digest.html.mustache";
    static final String PAPER_TEXT = "paper.txt.mustache";
    static final String PAPER_HTML = "paper.html.mustache";

    private final Path dir;
    private volatile Compiled compiled;

    record Compiled(Mustache subject, Mustache text, Mustache html, Mustache paperText, Mustache paperHtml) {
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
                            compile(TEXT, new PlainTextFactory()), compile(HTML, new DefaultMustacheFactory()),
                            compile(PAPER_TEXT, new PlainTextFactory()),
                            compile(PAPER_HTML, new DefaultMustacheFactory()));
                }
                c = compiled;
            }
        }
        return c;
    }

    static String execute(Mustache template, Object view) {
        TextWriter out = new TextWriter();
        template.execute(out, view);
        return out.text.toString();
    }

    /** The digest as UTF-8, the way a message body is sent, with its paper entries copied as they were kept. */
    static byte[] executeUtf8(Mustache template, DigestView view) {
        JoiningWriter out = new JoiningWriter(view.papers());
        template.execute(out, view);
        return out.toByteArray();
    }

    private Mustache compile(String name, DefaultMustacheFactory factory) {
        Path override = dir == null ? null : dir.resolve(name);
        boolean overridden = override != null && Files.isRegularFile(override);
        String source = overridden ? override.toString() : "classpath:templates/" + name;
        try (InputStream in = overridden ? Files.newInputStream(override)
                : new ClassPathResource("templates/" + name).getInputStream()) {
            // Strictly UTF-8, as the other input files: a byte of another encoding would be sent as U+FFFD.
            return factory.compile(new StringReader(AbstractsReader.decode(source, in.readAllBytes())), name);
        } catch (MustacheException e) {
            throw new BadInputException(source + ": template does not compile: " + OneLine.of(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + source, e);
        }
    }

    /** A StringWriter without StringBuffer's lock: the subject is rendered once per message. */
    private static final class TextWriter extends Writer {
        final StringBuilder text = new StringBuilder(128);

        @Override
        public void write(String s) {
            text.append(s);
        }

        @Override
        public void write(String s, int offset, int length) {
            text.append(s, offset, offset + length);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Subject and text parts are not HTML: {{ }} writes values as they are. */
    static final class PlainTextFactory extends DefaultMustacheFactory {
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
