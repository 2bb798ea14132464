package org.paperdigest.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The papers of each issue date, in table {@code paper}. */
@Repository
public class PaperStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public PaperStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the day's papers and the documents they were fetched from, in one transaction. */
    @Transactional
    public void replaceDay(LocalDate date, DayPapers day) {
        jdbc.sql("DELETE FROM paper_source WHERE issue_date = ?").param(date).update();
        for (SourceDocument d : day.fetched()) {
            jdbc.sql("""
                    INSERT INTO paper_source (issue_date, url, content_type, body, fetched_at)
                    VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)""")
                    .params(date, d.url(), d.contentType(), d.body())
                    .update();
        }
        List<Paper> papers = day.papers();
        jdbc.sql("DELETE FROM paper WHERE issue_date = ?").param(date).update();
        for (Paper p : papers) {
            jdbc.sql("""
                    INSERT INTO paper (issue_date, position, paper_id, title, summary, authors, upvotes, code_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(date, p.position(), p.id(), p.title(), p.summary(),
                            JsonMapper.shared().writeValueAsString(p.authors()), p.upvotes(), p.codeUrl())
                    .update();
        }
    }

    public List<Paper> findDay(LocalDate date) {
        return jdbc.sql("""
                SELECT position, paper_id, title, summary, authors, upvotes, code_url
                FROM paper WHERE issue_date = ? ORDER BY position""")
                .param(date)
                .query((rs, n) -> new Paper(rs.getInt("position"), rs.getString("paper_id"), rs.getString("title"),
                        rs.getString("summary"), JsonMapper.shared().readValue(rs.getString("authors"), STRINGS),
                        (Integer) rs.getObject("upvotes"), rs.getString("code_url")))
                .list();
    }

    /** A paper as listed on some issue date: where it stood, and what tells it from others. */
    public record Listed(LocalDate date, int position, String id, String title) {
    }

    /** The papers of every issue date before this one, as the no-repeat rule compares them with the day's. */
    public List<Listed> findBefore(LocalDate date) {
        return jdbc.sql("SELECT issue_date, position, paper_id, title FROM paper WHERE issue_date < ?")
                .param(date)
                .query((rs, n) -> new Listed(rs.getObject("issue_date", LocalDate.class), rs.getInt("position"),
                        rs.getString("paper_id"), rs.getString("title")))
                .list();
    }

    /**
     * The papers of the seven issue dates that end with {@code date} (those loaded), for a weekly digest: the
     * latest day's first, each paper once, numbered in that order, each with where it was listed.
     */
    public WeekPapers findWeek(LocalDate date) {
        List<Paper> all = new ArrayList<>();
        List<Listed> listed = new ArrayList<>();
        for (LocalDate day = date; !day.isBefore(date.minusDays(6)); day = day.minusDays(1)) {
            for (Paper paper : findDay(day)) {
                all.add(paper);
                listed.add(new Listed(day, paper.position(), paper.id(), paper.title()));
            }
        }
        List<Paper> papers = new ArrayList<>();
        List<Listed> origins = new ArrayList<>();
        for (int first : AbstractsReader.firstOfEach(all)) {
            papers.add(all.get(first).at(papers.size()));
            origins.add(listed.get(first));
        }
        return new WeekPapers(papers, origins);
    }

    /** A week's papers, numbered in their order, and for each where it was listed. */
    public record WeekPapers(List<Paper> papers, List<Listed> origins) {
    }

    /** A stored paper's text, as "papers like these" compares papers. */
    public record StoredText(String id, String title, String summary) {
    }

    /** The texts of the latest {@code limit} stored papers, of any day, the latest day's first. */
    public List<StoredText> latestTexts(int limit) {
        return jdbc.sql("SELECT paper_id, title, summary FROM paper ORDER BY issue_date DESC, position FETCH FIRST "
                        + limit + " ROWS ONLY")
                .query((rs, n) -> new StoredText(rs.getString("paper_id"), rs.getString("title"), rs.getString("summary")))
                .list();
    }

    /** The document fetched from that URL for the day, if the day was loaded from it. */
    public Optional<SourceDocument> fetched(LocalDate date, String url) {
        return jdbc.sql("SELECT url, content_type, body FROM paper_source WHERE issue_date = ? AND url = ?")
                .params(date, url)
                .query((rs, n) -> new SourceDocument(rs.getString("url"), rs.getString("content_type"),
                        rs.getString("body")))
                .optional();
    }

    public int countDay(LocalDate date) {
        return jdbc.sql("SELECT COUNT(*) FROM paper WHERE issue_date = ?").param(date).query(Integer.class).single();
    }
}
