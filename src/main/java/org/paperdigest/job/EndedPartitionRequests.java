package org.paperdigest.job;

import java.io.PrintStream;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.core.GenericSelector;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drops a partition request whose step execution or run has already ended, in one line, before a worker runs it:
 * one left on the queue by a manager that was killed and restarted (the restart recovered that run and hands the
 * partition out again as a new execution), or given again because the worker that ended it died before taking it
 * off the queue. Running it would mark an ended execution as running again; the lease would keep it from sending
 * anyone twice, but it would hold the partition from the run that goes on.
 */
final class EndedPartitionRequests implements GenericSelector<StepExecutionRequest> {

    private static final String STATES = """
            SELECT s.step_name, s.status AS step_status, j.status AS job_status FROM batch_step_execution s
              JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id WHERE s.step_execution_id = ?""";

    private final JdbcClient jdbc;
    private final PrintStream out;

    EndedPartitionRequests(JdbcClient jdbc, PrintStream out) {
        this.jdbc = jdbc;
        this.out = out;
    }

    /** The partition of a request, and where it and its run stand. */
    private record States(String partition, BatchStatus step, BatchStatus job) {
    }

    /** True to run the request; an execution the database does not have is left to the request handler to say. */
    @Override
    public boolean accept(StepExecutionRequest request) {
        Optional<States> found = jdbc.sql(STATES).param(request.getStepExecutionId())
                .query((rs, row) -> new States(rs.getString("step_name"),
                        BatchStatus.valueOf(rs.getString("step_status")),
                        BatchStatus.valueOf(rs.getString("job_status"))))
                .optional();
        if (found.isEmpty() || found.get().step().isRunning() && found.get().job().isRunning()) {
            return true;
        }
        States states = found.get();
        out.println("paper-digest: skipped a request for partition " + states.partition() + " (step execution "
                + request.getStepExecutionId() + "): " + (states.job().isRunning() ? "it has ended " + states.step()
                : "its run has ended " + states.job() + "; a restarted manager hands the partition out again"));
        return false;
    }
}
