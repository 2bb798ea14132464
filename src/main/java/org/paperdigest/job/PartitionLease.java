package org.paperdigest.job;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.paperdigest.delivery.StopRequest;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * One worker at a time per partition of a run. A manager restarted while workers still send its partitions
 * recovers the run, which marks their step executions failed, and hands those partitions out again; the broker
 * also gives a request to another worker when it thinks the first one gone. Without a lease a second worker would
 * then send the same id range at the same time as the first, both to the readers not yet recorded.
 * <p>
 * Before the step opens its reader (Spring Batch's AbstractStep calls beforeStep first) the worker takes a
 * PostgreSQL session advisory lock on (job instance, partition name), on a connection of its own held until the
 * step has ended; every outcome is recorded by then. A worker given a partition that another holds says so in one
 * line and waits, then resumes from the delivery record: the reader's condition skips those delivered. A killed
 * worker's lock goes with its connection.
 * <p>
 * Before each chunk is sent the worker checks that it still holds the lock and that the partition is still its
 * own: the recover changes the step execution's version and ends its job execution. A worker whose partition was
 * handed out again stops there, before sending another message. A recover in the middle of a chunk ends the step
 * at that chunk's end instead, when its repository update finds the other version: the chunk's messages were owed,
 * and each is recorded as it is sent. Either way the step fails, which ends this step execution only (the recover
 * left it FAILED in the database): the restarted run, waiting for its own executions, goes on.
 */
final class PartitionLease implements StepExecutionListener, ChunkListener<Object, Object> {

    /** How often a worker waiting for a partition tries the lock again, and looks whether it should stop. */
    static final Duration RETRY = Duration.ofMillis(250);

    /** Two int keys, this schema's leases and the partition (a hash collision only makes two partitions wait). */
    private static final String SCHEMA_KEY = "hashtext('paper-digest:partition:' || current_schema())";
    private static final String KEYS = SCHEMA_KEY + ", hashtext(?)";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + KEYS + ")";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(" + KEYS + ")";
    /** So that a server's idle_session_timeout cannot end the lease's session while it idles (PostgreSQL 14+). */
    private static final String NO_IDLE_TIMEOUT =
            "SELECT set_config(name, '0', false) FROM pg_settings WHERE name = 'idle_session_timeout'";
    private static final String MINE = """
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
                             AND pid = pg_backend_pid() AND classid = k.c::oid AND objid = k.o::oid) AS held,
                   (SELECT version FROM batch_step_execution WHERE step_execution_id = ?) AS version,
                   (SELECT status FROM batch_job_execution WHERE job_execution_id = ?) AS job_status
              FROM (SELECT %s AS c, hashtext(?) AS o) k""".formatted(SCHEMA_KEY);
    private static final String HOLDER = """
            SELECT a.pid, a.client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.database = (
                   SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = %s::oid AND l.objid = hashtext(?)::oid LIMIT 1""".formatted(SCHEMA_KEY);

    private final DataSource dataSource;
    private final StopRequest stop;
    private final PrintStream out;
    /** The leases of the partitions this worker runs, by step execution id. */
    private final Map<Long, Held> held = new ConcurrentHashMap<>();

    PartitionLease(DataSource dataSource, StopRequest stop, PrintStream out) {
        this.dataSource = dataSource;
        this.stop = stop;
        this.out = out;
    }

    @Override
    public void beforeStep(StepExecution step) {
        try {
            Connection connection = dataSource.getConnection();
            try {
                if (!take(connection, step)) {
                    connection.close(); // nothing locked: the pool may have it back as it is
                    step.setTerminateOnly(); // the step reads nothing and ends STOPPED (the resume sends it)
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                discard(connection);
                throw e;
            }
            Held lease = new Held(connection);
            held.put(step.getId(), lease);
            if (lease.lost(step)) {
                step.setTerminateOnly(); // it reads nothing
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot take the lease of " + partition(step), e);
        }
    }

    /** True once locked; false when this worker was asked to stop while it waited. */
    private boolean take(Connection connection, StepExecution step) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NO_IDLE_TIMEOUT)) {
            statement.execute();
        }
        if (tryLock(connection, step)) {
            return true;
        }
        out.println("paper-digest: " + partition(step) + " is being sent by another worker (" + holder(connection, step)
                + "); waiting for it to end, then this worker resumes it from the delivery record");
        while (!stop.requested()) {
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (tryLock(connection, step)) {
                return true;
            }
        }
        return false;
    }

    /** Before a chunk is sent: a partition no longer this worker's fails its step here, nothing of it sent. */
    @Override
    public void beforeChunk(Chunk<Object> chunk) {
        StepExecution step = StepSynchronizationManager.getContext().getStepExecution();
        Held lease = held.get(step.getId());
        if (lease == null || lease.lost(step)) {
            throw new PartitionHandedOutAgainException(partition(step) + " is no longer this worker's to send");
        }
    }

    /**
     * Gives the lease up. A recover that came in the middle of a chunk failed the step at the chunk's end (its
     * repository update found another version): that is said here, as beforeChunk says it otherwise.
     */
    @Override
    public ExitStatus afterStep(StepExecution step) {
        Held lease = held.remove(step.getId());
        if (lease != null) {
            try {
                if (step.getStatus() != BatchStatus.COMPLETED) {
                    lease.lost(step);
                }
                try (PreparedStatement statement = lease.connection.prepareStatement(UNLOCK)) {
                    statement.setString(1, key(step));
                    statement.execute();
                }
                lease.connection.close(); // back to the pool unlocked
            } catch (SQLException | RuntimeException e) {
                discard(lease.connection); // its session, and the lock with it, ends
            }
        }
        return null; // the step's own
    }

    private boolean tryLock(Connection connection, StepExecution step) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setString(1, key(step));
            try (ResultSet locked = statement.executeQuery()) {
                return locked.next() && locked.getBoolean(1);
            }
        }
    }

    private static String holder(Connection connection, StepExecution step) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLDER)) {
            statement.setString(1, key(step));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? "PostgreSQL backend " + rs.getInt("pid") + " from " + rs.getString("client_addr")
                        : "its lease was just released";
            }
        }
    }

    /** The partition within its job instance: the same range handed out by any execution of the run. */
    private static String key(StepExecution step) {
        return step.getJobExecution().getJobInstance().getInstanceId() + ":" + step.getStepName();
    }

    private static String partition(StepExecution step) {
        return "partition " + step.getStepName() + " of the run of "
                + step.getJobParameters().getLocalDate(DailyDigestJobConfiguration.ISSUE_DATE);
    }

    /** Ends the session itself, so that a lock it may hold is never handed on with a pooled connection. */
    private void discard(Connection connection) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection); // closed, not pooled again
            } else {
                connection.close();
            }
        } catch (SQLException | RuntimeException e) {
            // most often the session is gone already, and its lock with it; if not, the lock lasts as long as it
            out.println("paper-digest: a partition lease's database connection could not be closed ("
                    + e.getMessage() + "); its lock ends with that session");
        }
    }

    /** A partition's lease: its connection, and whether the worker said it lost the partition. */
    private final class Held {

        final Connection connection;
        boolean said;

        Held(Connection connection) {
            this.connection = connection;
        }

        /**
         * Whether the partition is no longer this step execution's to send: the lease is gone, someone else changed
         * the execution (a recover does), or its run has ended. Said once, in one line.
         */
        boolean lost(StepExecution step) {
            String why;
            try (PreparedStatement statement = connection.prepareStatement(MINE)) {
                statement.setLong(1, step.getId());
                statement.setLong(2, step.getJobExecutionId());
                statement.setString(3, key(step));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    String jobStatus = row.getString("job_status");
                    if (!row.getBoolean("held")) {
                        why = "this worker lost its lease (its database session ended)";
                    } else if (!Integer.valueOf(row.getInt("version")).equals(step.getVersion()) || jobStatus == null
                            || !BatchStatus.valueOf(jobStatus).isRunning()) {
                        why = "it was handed out again (its run was recovered or ended: " + jobStatus + ")";
                    } else {
                        return false;
                    }
                }
            } catch (SQLException e) {
                why = "its lease cannot be checked (" + e.getMessage() + ")";
            }
            if (!said) {
                said = true;
                out.println("paper-digest: " + partition(step) + ": " + why + "; this worker stopped sending it, "
                        + "and every message it sent is recorded");
            }
            return true;
        }
    }
}
