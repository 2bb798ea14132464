package org.paperdigest.rendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.reflect.ReflectionObjectHandler;

/**
 * A {@code {{#section}}} that renders each element once: when the element is a record and the
 * section's body only reads that element (see {@link ElementLocal}), its output is a function of the
 * element's value, so it is kept and written again for an equal element. Every subscriber whose digest
 * has the same paper, with the same highlights, at the same number, gets the same text. Any other
 * element, or a body that reads anything around it, renders as a plain section does. Elements are
 * keys here: they must not change once rendered (the digest's views are immutable records and lists).
 */
final class MemoizedSection extends IterableCode {

    // A day's distinct paper entries (paper, highlights, number, matched interests) come to about 9,000
    // for 100,000 subscribers of bench/gen-subscribers.py, 8 million characters in the HTML template.
    // This bounds the memory (a string and its UTF-8 form: two to three bytes a character) when a long
    // run sees many days, or a template many distinct elements: past it, everything kept is dropped and
    // kept anew.
    static final long MAX_CHARS = 12_000_000;

    private volatile Kept kept = new Kept();
    // The analysis of the last element class seen: sections iterate over one kind of element.
    private volatile Verdict verdict;

    private record Verdict(Class<?> type, boolean local) {
    }

    /** An element's output, and its UTF-8 form for a digest that is taken as bytes. */
    private record Output(String text, byte[] utf8) {
    }

    private static final class Kept {
        final Map<Object, Output> texts = new ConcurrentHashMap<>();
        final AtomicLong chars = new AtomicLong();
    }

    MemoizedSection(TemplateContext tc, DefaultMustacheFactory df, Mustache mustache, String variable) {
        super(tc, df, mustache, variable);
    }

    @Override
    public Writer next(Writer writer, Object element, List<Object> scopes) {
        // Inside another memoized element the outer entry is kept whole: no need to keep its parts too.
        if (element == null || writer instanceof Capture || !local(element.getClass())) {
            return super.next(writer, element, scopes);
        }
        Kept k = kept;
        Output output = k.texts.get(element);
        if (output == null) {
            Capture capture = new Capture();
            super.next(capture, element, scopes);
            String text = capture.take();
            output = new Output(text, text.getBytes(StandardCharsets.UTF_8));
            // Another thread may have kept the same element meanwhile: count it once.
            if (k.texts.putIfAbsent(element, output) == null && k.chars.addAndGet(text.length()) > MAX_CHARS) {
                kept = new Kept();
            }
        }
        if (writer instanceof JoiningWriter joining) {
            joining.write(output.text(), output.utf8());
            return writer;
        }
        try {
            writer.write(output.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer;
    }

    private boolean local(Class<?> type) {
        Verdict v = verdict;
        if (v == null || v.type() != type) {
            // ElementLocal reasons about how Mustache's default ReflectionObjectHandler looks names up.
            v = new Verdict(type, oh.getClass() == ReflectionObjectHandler.class
                    && ElementLocal.of(type, mustache.getCodes()));
            verdict = v;
        }
        return v.local();
    }

    @Override
    public void setCodes(Code[] codes) {
        super.setCodes(codes);
        forget();
    }

    @Override
    public Object clone(Set<Code> seen) {
        MemoizedSection copy = (MemoizedSection) super.clone(seen);
        copy.forget();
        return copy;
    }

    /** The body changed (template inheritance works on copies of the codes): nothing kept holds. */
    private void forget() {
        kept = new Kept();
        verdict = null;
    }

    /** Where one element is rendered before it is kept. */
    private static final class Capture extends JoiningWriter {
    }
}
