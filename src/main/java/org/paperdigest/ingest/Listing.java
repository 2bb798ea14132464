package org.paperdigest.ingest;

import java.util.List;

/** The papers of one source, and the day it says they are of (null when it does not say). */
record Listing(List<Paper> papers, ListedDay day) {

    Listing {
        papers = List.copyOf(papers);
    }
}
