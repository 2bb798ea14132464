package org.paperdigest.rendering;

import java.util.List;

/** What the templates see. Everything here is plain text; the HTML template escapes it. */
record DigestView(String name, String greeting, String dateShort, String dateLong, int count, String countLabel,
        String topics, String interests, List<PaperView> papers, String unsubscribeUrl, String listName) {

    record PaperView(int number, List<Segment> title, String link, String huggingFaceUrl, String arxivUrl,
            String codeUrl, String authors, List<Segment> snippet, String matched) {
    }
}
