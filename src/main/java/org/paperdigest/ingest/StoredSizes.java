package org.paperdigest.ingest;

import java.util.List;

import org.paperdigest.BadInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sizes of the columns a day's papers and fetched sources are kept in (migrations V2 and V9). A longer value is
 * refused when its source is read, naming the source and the paper, before the day's run syncs or stores anything:
 * the insert would fail later with H2's error, and fail the same way on every try.
 */
final class StoredSizes {

    private StoredSizes() {
    }

    static void requireStorable(String source, List<Paper> papers) {
        for (int i = 0; i < papers.size(); i++) {
            Paper paper = papers.get(i);
            String problem = tooLong("arXiv id", paper.id(), 64);
            problem = problem != null ? problem : tooLong("title", paper.title(), 4000);
            problem = problem != null ? problem : tooLong("code URL", paper.codeUrl(), 2000);
            problem = problem != null ? problem
                    : tooLong("list of authors", JsonMapper.shared().writeValueAsString(paper.authors()), 20_000);
            if (problem != null) {
                throw new BadInputException(source + ": paper #" + (i + 1) + " ('"
                        + PageTextFormat.abbreviate(paper.title()) + "'): " + problem);
            }
        }
    }

    /** A URL source, and the content type it answered with. */
    static void requireStorableSource(String url, String contentType) {
        String problem = tooLong("URL", url, 2000);
        problem = problem != null ? problem : tooLong("content type it answered with", contentType, 200);
        if (problem != null) {
            throw new BadInputException(PageTextFormat.abbreviate(url) + ": " + problem);
        }
    }

    private static String tooLong(String what, String value, int max) {
        return value == null || value.length() <= max ? null
                : "the " + what + " is " + value.length() + " characters, more than the " + max + " kept";
    }
}
