package org.paperdigest.job;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Splits the subscribers into contiguous id ranges of about equal width, one per SMTP connection.
 * Each range is a partition with its own step execution, so a restart resumes each one where it
 * stopped; the same split could hand ranges to other machines.
 */
class SubscriberIdRangePartitioner implements Partitioner {

    static final String MIN_ID = "minId";
    static final String MAX_ID = "maxId";

    private final JdbcClient jdbc;

    SubscriberIdRangePartitioner(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, Object> range = jdbc.sql("SELECT MIN(id) AS lo, MAX(id) AS hi FROM subscriber").query().singleRow();
        long lo = range.get("LO") == null ? 1 : ((Number) range.get("LO")).longValue();
        long hi = range.get("HI") == null ? 0 : ((Number) range.get("HI")).longValue();
        long width = Math.max(1, (hi - lo + gridSize) / gridSize);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < gridSize; i++) {
            long from = lo + i * width;
            long to = i == gridSize - 1 ? Math.max(hi, from) : from + width - 1;
            ExecutionContext context = new ExecutionContext();
            context.putLong(MIN_ID, from);
            context.putLong(MAX_ID, to);
            partitions.put("range" + i, context);
        }
        return partitions;
    }
}
