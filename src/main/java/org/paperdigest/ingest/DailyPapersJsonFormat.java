package org.paperdigest.ingest;

import java.util.ArrayList;
import java.util.List;

import org.paperdigest.OneLine;
import org.paperdigest.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Hugging Face {@code daily_papers} API: an array of items, each with a {@code paper} object
 * holding {@code id}, {@code title}, {@code summary}, {@code authors[].name} and {@code upvotes}.
 */
final class DailyPapersJsonFormat {

    private DailyPapersJsonFormat() {
    }

    /**
     * The JSON names no day of its own: an item's {@code publishedAt} is when that paper was posted, and one
     * day's list holds papers posted over several days, so it cannot be checked against the issue date.
     */
    static Listing parse(String source, String text) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new BadInputException(source + where + ": invalid JSON: " + OneLine.firstLine(e.getOriginalMessage()),
                    e);
        }
        if (!root.isArray()) {
            throw new BadInputException(source + ": expected a JSON array of daily papers, found " + root.getNodeType());
        }
        List<Paper> papers = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode paper = root.get(i).path("paper");
            String item = source + ": item #" + (i + 1);
            if (!paper.isObject()) {
                throw new BadInputException(item + " has no 'paper' object");
            }
            String title = Text.normalize(text(paper, "title"));
            String summary = Text.normalize(text(paper, "summary"));
            if (title.isEmpty()) {
                throw new BadInputException(item + " has no paper.title");
            }
            if (summary.isEmpty()) {
                throw new BadInputException(item + " ('" + PageTextFormat.abbreviate(title) + "') has no paper.summary");
            }
            String id = Text.normalize(text(paper, "id"));
            List<String> authors = new ArrayList<>();
            for (JsonNode author : paper.path("authors")) {
                String name = Text.normalize(text(author, "name"));
                if (!name.isEmpty()) {
                    authors.add(name);
                }
            }
            JsonNode upvotes = paper.path("upvotes");
            papers.add(new Paper(papers.size(), id.isEmpty() ? null : id, title, summary, authors,
                    upvotes.isNumber() ? upvotes.asInt() : null, Text.codeUrl(summary)));
        }
        return new Listing(papers, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : "";
    }
}
