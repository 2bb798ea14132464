package org.paperdigest.ingest;

import java.util.ArrayList;
import java.util.List;
import java.time.Month;
import java.time.MonthDay;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.paperdigest.BadInputException;

/**
 * The text of a daily-papers page: a few header lines, a date line such as {@code Jul 29}, then
 * title and abstract paragraphs separated by blank lines.
 */
final class PageTextFormat {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final Pattern DATE_LINE =
            Pattern.compile("(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? (\\d{1,2})(?:, (\\d{4}))?");
    // Longer than any real title: a paragraph this long in a title's place means the pairs are out of step.
    static final int MAX_TITLE_LENGTH = 400;

    private PageTextFormat() {
    }

    record Paragraph(int line, int lineCount, String text) {
    }

    static Listing parse(String source, String text) {
        List<Paragraph> paragraphs = paragraphs(text);
        int start = 0;
        ListedDay day = null;
        for (int i = 0; i < paragraphs.size(); i++) {
            Matcher date = DATE_LINE.matcher(paragraphs.get(i).text());
            if (date.matches()) {
                start = i + 1;
                day = listedDay(source, date);
                break;
            }
        }
        List<Paper> papers = new ArrayList<>();
        for (int i = start; i < paragraphs.size(); i += 2) {
            Paragraph title = paragraphs.get(i);
            if (title.lineCount() > 1 || title.text().length() > MAX_TITLE_LENGTH) {
                throw new BadInputException(source + ":" + title.line() + ": expected a paper title but found a paragraph of "
                        + title.text().length() + " characters; is a title or an abstract missing above it?");
            }
            if (i + 1 == paragraphs.size()) {
                throw new BadInputException(source + ":" + title.line() + ": the title '" + abbreviate(title.text())
                        + "' has no abstract after it");
            }
            String summary = Text.normalize(paragraphs.get(i + 1).text());
            papers.add(new Paper(papers.size(), null, Text.normalize(title.text()), summary, List.of(), null,
                    Text.codeUrl(summary)));
        }
        return new Listing(papers, day);
    }

    private static ListedDay listedDay(String source, Matcher date) {
        Month month = Month.of(MONTHS.indexOf(date.group(1).toLowerCase(Locale.ROOT)) / 3 + 1);
        int dayOfMonth = Integer.parseInt(date.group(2));
        if (dayOfMonth > month.maxLength()) {
            return null; // not a date after all
        }
        Integer year = date.group(3) == null ? null : Integer.valueOf(date.group(3));
        return new ListedDay(source, MonthDay.of(month, dayOfMonth), year);
    }

    /** Blank-line separated paragraphs, each with the 1-based line it starts on. */
    static List<Paragraph> paragraphs(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Paragraph> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        int count = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            if (line.isEmpty()) {
                if (count > 0) {
                    paragraphs.add(new Paragraph(startLine, count, current.toString()));
                    current.setLength(0);
                    count = 0;
                }
                continue;
            }
            if (count == 0) {
                startLine = i + 1;
            } else {
                current.append(' ');
            }
            current.append(line);
            count++;
        }
        return paragraphs;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
