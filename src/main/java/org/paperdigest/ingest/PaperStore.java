package org.paperdigest.ingest;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The papers of each issue date, in table {@code paper}. */
@Repository
public class PaperStore {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public PaperStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the day's papers, so loading the same day twice is harmless. */
    @Transactional
    public void replaceDay(LocalDate date, List<Paper> papers) {
        jdbc.sql("DELETE FROM paper WHERE issue_date = ?").param(date).update();
        for (Paper p : papers) {
            jdbc.sql("""
                    INSERT INTO paper (issue_date, position, paper_id, title, summary, authors, upvotes, code_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(date, p.position(), p.id(), p.title(), p.summary(), JSON.writeValueAsString(p.authors()),
                            p.upvotes(), p.codeUrl())
                    .update();
        }
    }

    public List<Paper> findDay(LocalDate date) {
        return jdbc.sql("""
                SELECT position, paper_id, title, summary, authors, upvotes, code_url
                FROM paper WHERE issue_date = ? ORDER BY position""")
                .param(date)
                .query((rs, n) -> new Paper(rs.getInt("position"), rs.getString("paper_id"), rs.getString("title"),
                        rs.getString("summary"), JSON.readValue(rs.getString("authors"), STRINGS),
                        (Integer) rs.getObject("upvotes"), rs.getString("code_url")))
                .list();
    }

    public int countDay(LocalDate date) {
        return jdbc.sql("SELECT COUNT(*) FROM paper WHERE issue_date = ?").param(date).query(Integer.class).single();
    }
}
