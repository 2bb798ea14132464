package org.paperdigest.rendering;

import java.util.List;

/**
 * What the digest templates see. Everything here is plain text; the HTML template escapes it.
 *
 * @param week    for a weekly reader's digest, the days it covers ("23 to 29 July 2025"); null for a daily one
 * @param related the papers like the reader's examples, after the interests' ones; null when there are none
 */
record DigestView(String name, String greeting, String dateShort, String dateLong, int count, String countLabel,
        String topics, String interests, List<Entry> papers, String unsubscribeUrl, String listName, String week,
        Related related) {

    /** The same digest with the entries of the other part (text or HTML). */
    DigestView withPapers(List<Entry> entries) {
        return withPapers(entries, null);
    }

    /** The same digest with the entries of the other part, the interests' and the related ones (null: none). */
    DigestView withPapers(List<Entry> entries, List<Entry> relatedEntries) {
        return new DigestView(name, greeting, dateShort, dateLong, count, countLabel, topics, interests, entries,
                unsubscribeUrl, listName, week, relatedEntries == null ? null : new Related(relatedEntries));
    }

    /** The section "Related to papers you follow": its entries, numbered on from the interests' ones. */
    record Related(List<Entry> papers) {
    }

    /**
     * A paper's entry as its partial rendered it: {@code paper} is what the digest template writes
     * ({@code {{{paper}}}}), {@code utf8} the same text as sent, so that the digest copies it instead of
     * encoding it again (see {@link JoiningWriter}).
     */
    record Entry(String paper, byte[] utf8) {
    }

    /** What the paper partials see: one paper, nothing of the subscriber but the paper's place and matches. */
    record PaperView(int number, List<Highlights.Part> title, String link, String huggingFaceUrl, String arxivUrl,
            String pdfUrl, String searchUrl, String codeUrl, String authors, List<Highlights.Part> snippet,
            String matched) {
    }
}
