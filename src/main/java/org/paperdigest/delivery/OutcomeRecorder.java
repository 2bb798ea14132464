package org.paperdigest.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a writer's outcomes go. Each is durable before the next message leaves: appended to the journal,
 * or without one committed on its own. A chunk's journaled outcomes then reach the database in one
 * transaction ({@link #flush}), and the journal file starts over. Failures count against the run's budget.
 */
final class OutcomeRecorder implements AutoCloseable {

    private final DeliveryStore store;
    private final DeliveryJournal journal;
    private final FailureBudget failures;
    private final DeliveryMetrics metrics;
    private final List<DeliveryOutcome> unflushed = new ArrayList<>();
    private DeliveryJournal.Writer journalFile;

    OutcomeRecorder(DeliveryStore store, DeliveryJournal journal, FailureBudget failures,
            DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.journal = journal;
        this.failures = failures;
    }

    void delivered(DeliveryOutcome outcome) {
        record(outcome);
        failures.delivered();
    }

    /** A failure: it counts against the budget, which is checked only by {@link #check}. */
    void failed(DeliveryOutcome outcome) {
        failures.failed();
        record(outcome);
    }

    /** An unknown outcome before its one more try: no failure yet. */
    void unknown(DeliveryOutcome outcome) {
        record(outcome);
    }

    /** Throws when the run has failed too often to go on. */
    void check() {
        failures.check();
    }

    private void record(DeliveryOutcome outcome) {
        metrics.outcome(outcome.status());
        if (!journal.enabled()) {
            store.record(outcome);
            return;
        }
        if (journalFile == null) {
            journalFile = journal.open();
        }
        journalFile.append(outcome);
        unflushed.add(outcome);
    }

    /** The chunk's outcomes go to the database in one transaction; then the journal starts over. */
    void flush() {
        if (unflushed.isEmpty()) {
            return;
        }
        long commits = store.recordAll(List.copyOf(unflushed));
        unflushed.clear();
        journalFile.clear(commits);
    }

    /** At the end of the step: an empty journal file goes, one with outcomes stays for the next run. */
    @Override
    public void close() {
        if (journalFile != null) {
            journalFile.close();
            journalFile = null;
        }
    }
}
