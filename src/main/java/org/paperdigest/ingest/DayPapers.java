package org.paperdigest.ingest;

import java.util.List;

/**
 * A day's papers from all of its sources, merged, with the documents fetched from URLs to keep beside them.
 */
public record DayPapers(List<Paper> papers, List<SourceDocument> fetched) {

    public DayPapers {
        papers = List.copyOf(papers);
        fetched = List.copyOf(fetched);
    }
}
