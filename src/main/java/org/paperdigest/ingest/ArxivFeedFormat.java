package org.paperdigest.ingest;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.paperdigest.OneLine;
import org.jdom2.Element;
import org.paperdigest.BadInputException;

/**
 * arXiv's listing feeds, RSS 2.0 ({@code rss.arxiv.org}) and Atom (the {@code export.arxiv.org} API), read
 * with ROME: an entry's title, {@code description} or {@code summary}, the arXiv id from its link or id,
 * its authors ({@code dc:creator} or {@code author/name}) and {@code arxiv:announce_type}.
 */
final class ArxivFeedFormat {

    private static final Pattern ARXIV_ID =
            Pattern.compile("arxiv\\.org/(?:abs|pdf)/((?:\\d{4}\\.\\d{4,5})|(?:[a-z-]+(?:\\.[A-Z]{2})?/\\d{7}))(?:v\\d+)?");
    // The RSS description starts with "arXiv:2407.18219v1 Announce Type: new \nAbstract: ".
    private static final Pattern RSS_PREAMBLE = Pattern.compile("^\\s*arXiv:\\S+\\s+Announce Type:\\s*\\S+\\s+Abstract:\\s*");

    private ArxivFeedFormat() {
    }

    static Listing parse(String source, String xml, boolean includeReplacements) {
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(new StringReader(xml)); // doctypes refused: no external entities
        } catch (FeedException | IllegalArgumentException e) {
            throw new BadInputException(
                    source + ": not an RSS or Atom feed (" + OneLine.firstLine(e.getMessage()) + ")", e);
        }
        List<Paper> papers = new ArrayList<>();
        int replacements = 0;
        for (SyndEntry entry : feed.getEntries()) {
            if (!includeReplacements && announceType(entry).startsWith("replace")) {
                replacements++; // "replace" and "replace-cross": a new version of an older paper
                continue;
            }
            String title = Text.normalize(entry.getTitle());
            SyndContent description = entry.getDescription();
            String summary = Text.normalize(RSS_PREAMBLE.matcher(
                    description == null || description.getValue() == null ? "" : description.getValue()).replaceFirst(""));
            if (title.isEmpty() || summary.isEmpty()) {
                throw new BadInputException(source + ": entry #" + (papers.size() + replacements + 1)
                        + (title.isEmpty() ? " has no title" : " ('" + PageTextFormat.abbreviate(title) + "') has no abstract"));
            }
            papers.add(new Paper(papers.size(), arxivId(entry), title, summary, authors(entry), null,
                    Text.codeUrl(summary)));
        }
        if (papers.isEmpty()) {
            throw new BadInputException(source + ": the feed '" + Text.normalize(feed.getTitle()) + "' lists no paper"
                    + (replacements > 0 ? " but " + replacements + " replacements (see digest.source.include-replacements)"
                    : " for the day"));
        }
        return new Listing(papers, null); // a feed's dates are of its announcements, not checked
    }

    private static String announceType(SyndEntry entry) {
        for (Element element : entry.getForeignMarkup()) {
            if (element.getName().equals("announce_type")) {
                return element.getTextTrim();
            }
        }
        return "";
    }

    private static String arxivId(SyndEntry entry) {
        for (String candidate : Arrays.asList(entry.getLink(), entry.getUri())) {
            Matcher m = candidate == null ? null : ARXIV_ID.matcher(candidate);
            if (m != null && m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<String> authors(SyndEntry entry) {
        List<String> names = new ArrayList<>();
        for (SyndPerson person : entry.getAuthors()) {
            names.add(Text.normalize(person.getName()));
        }
        if (names.isEmpty() && entry.getAuthor() != null) {
            // dc:creator: one element with every name, separated by commas
            names.addAll(Arrays.asList(Text.normalize(entry.getAuthor()).split("\\s*,\\s*")));
        }
        names.removeIf(String::isEmpty);
        return names;
    }
}
