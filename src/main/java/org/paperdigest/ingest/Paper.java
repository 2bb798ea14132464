package org.paperdigest.ingest;

import java.util.List;

/**
 * One paper of an issue date, as read from the input and kept in H2.
 *
 * @param position order on the page, 0-based; ties in relevance keep this order
 * @param id       arXiv id, or null when the input has none (the page text)
 * @param codeUrl  a code or project URL found in the abstract, or null
 */
public record Paper(int position, String id, String title, String summary, List<String> authors,
        Integer upvotes, String codeUrl) {

    public Paper {
        authors = List.copyOf(authors);
    }

    public String huggingFaceUrl() {
        return id == null ? null : "https://huggingface.co/papers/" + id;
    }

    public String arxivUrl() {
        return id == null ? null : "https://arxiv.org/abs/" + id;
    }

    /** Where the title links to: the paper page when there is an id, else the code URL. */
    public String link() {
        return id != null ? huggingFaceUrl() : codeUrl;
    }

    Paper at(int newPosition) {
        return new Paper(newPosition, id, title, summary, authors, upvotes, codeUrl);
    }
}
