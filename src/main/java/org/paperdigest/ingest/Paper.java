package org.paperdigest.ingest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    public String pdfUrl() {
        return id == null ? null : "https://arxiv.org/pdf/" + id;
    }

    /** Without an arXiv id (the page text), an arXiv search for the exact title; null with one. */
    public String searchUrl() {
        return id != null ? null
                : "https://arxiv.org/search/?searchtype=title&query=" + URLEncoder.encode(title, StandardCharsets.UTF_8);
    }

    /** Where the title links to, always somewhere: the paper page when there is an id, else the title search. */
    public String link() {
        return id != null ? huggingFaceUrl() : searchUrl();
    }

    Paper at(int newPosition) {
        return new Paper(newPosition, id, title, summary, authors, upvotes, codeUrl);
    }
}
