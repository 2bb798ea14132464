package org.paperdigest.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One paper-digest process at a time on a PostgreSQL database, as the H2 file's lock gives on H2: a run marked
 * as running in the job repository is then known to be dead (the send recovers it, status calls it so), never
 * one another process is sending. A session advisory lock, held on a connection of its own for the process's
 * life; the server drops it with the session, so a killed process leaves none behind. Keyed by the schema, so
 * that installations in two schemas of one database do not wait for each other. The processes of a send spread over
 * machines (digest.remote.enabled: the manager and its workers) share it instead: they exclude a one-machine
 * process, not each other.
 */
@Component
class ProcessLock implements DisposableBean {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock%s(hashtext('paper-digest:' || current_schema()))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock%s(hashtext('paper-digest:' || current_schema()))";
    private static final String HOLDER = """
            SELECT pid, application_name, client_addr, backend_start FROM pg_stat_activity
             WHERE pid = (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (
                          SELECT oid FROM pg_database WHERE datname = current_database())
                            AND objid = hashtext('paper-digest:' || current_schema())::oid LIMIT 1)""";

    private final Connection held;
    /** "_shared" for the processes of a remote send, "" otherwise: the suffix of the advisory lock functions. */
    private final String mode;

    ProcessLock(Environment environment, DataSource dataSource) throws SQLException {
        this.mode = environment.getProperty("digest.remote.enabled", Boolean.class, false) ? "_shared" : "";
        this.held = environment.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:")
                ? lock(dataSource, mode) : null;
    }

    private static Connection lock(DataSource dataSource, String mode) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK.formatted(mode));
                ResultSet locked = statement.executeQuery()) {
            locked.next();
            if (!locked.getBoolean(1)) {
                String holder = holder(connection);
                connection.close();
                throw new DatabaseInUseException(holder);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            if (!connection.isClosed()) {
                connection.close();
            }
            throw e;
        }
    }

    private static String holder(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLDER); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? "PostgreSQL backend " + rs.getInt("pid") + " from " + rs.getString("client_addr")
                    + ", connected " + rs.getTimestamp("backend_start") : "PostgreSQL advisory lock held";
        }
    }

    @Override
    public void destroy() throws SQLException {
        if (held != null) {
            try (PreparedStatement statement = held.prepareStatement(UNLOCK.formatted(mode))) {
                statement.execute(); // the connection goes back to the pool, which must not hand it on locked
            } finally {
                held.close();
            }
        }
    }
}
