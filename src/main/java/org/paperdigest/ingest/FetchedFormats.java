package org.paperdigest.ingest;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.paperdigest.BadInputException;
import org.paperdigest.OneLine;

/**
 * Tells a fetched document's kind by its content, as files are told apart: the daily_papers JSON, an arXiv
 * RSS or Atom feed, or something that is not a day's list (an HTML page, an empty array, another content
 * type), which is refused naming the URL and what came back.
 */
final class FetchedFormats {

    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private FetchedFormats() {
    }

    static Listing parse(SourceDocument document, boolean includeReplacements) {
        String url = document.url();
        String type = document.contentType() == null ? "" : document.contentType().toLowerCase(Locale.ROOT);
        String body = document.body().strip();
        String head = body.length() < 200 ? body.toLowerCase(Locale.ROOT)
                : body.substring(0, 200).toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") || head.startsWith("<!doctype html") || head.startsWith("<html")) {
            throw new BadInputException(url + ": answered an HTML page (" + describe(type) + ") "
                    + htmlTitle(body) + "instead of a list of papers");
        }
        if (!type.isEmpty() && !type.contains("json") && !type.contains("xml")) {
            throw new BadInputException(url + ": answered " + describe(type)
                    + ", not JSON or an RSS or Atom feed: '" + PageTextFormat.abbreviate(OneLine.of(body)) + "'");
        }
        if (body.isEmpty()) {
            throw new BadInputException(url + ": answered nothing (" + describe(type) + ")");
        }
        if (body.startsWith("[") || body.startsWith("{")) {
            Listing papers = DailyPapersJsonFormat.parse(url, body);
            if (papers.papers().isEmpty()) {
                throw new BadInputException(url + ": answered an empty list: no papers for that date");
            }
            return papers;
        }
        if (body.startsWith("<")) {
            return ArxivFeedFormat.parse(url, body, includeReplacements);
        }
        throw new BadInputException(url + ": answered neither JSON nor an RSS or Atom feed ("
                + describe(type) + "): '" + PageTextFormat.abbreviate(OneLine.of(body)) + "'");
    }

    private static String describe(String type) {
        return type.isEmpty() ? "no content type" : "Content-Type " + type;
    }

    private static String htmlTitle(String html) {
        Matcher m = HTML_TITLE.matcher(html);
        return m.find() ? "titled '" + PageTextFormat.abbreviate(Text.normalize(m.group(1))) + "' " : "";
    }
}
