package org.paperdigest.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;

/** A job-scoped bean as the partitions of a run see it ({@link DailyDigestJobConfiguration#ofTheRun}). */
class RunScopeTest {

    final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Beans.class);

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void thePartitionsOfARunShareItsInstanceOnTheirOwnThreadsAndTheNextRunHasAnother() throws Exception {
        Counter counter = context.getBean(Counter.class);
        JobExecution run = new JobExecution(1, new JobInstance(1, "dailyDigest"), new JobParameters());
        JobSynchronizationManager.register(run); // as the job's own thread has it
        try {
            Counter first = CompletableFuture.supplyAsync(() -> partition(run, counter)).get();
            Counter second = CompletableFuture.supplyAsync(() -> partition(run, counter)).get();
            assertThat(second).isSameAs(first);
            assertThat(first.count.get()).isEqualTo(2);
        } finally {
            JobSynchronizationManager.release();
        }
        JobExecution next = new JobExecution(2, new JobInstance(1, "dailyDigest"), new JobParameters());
        Counter other = CompletableFuture.supplyAsync(() -> partition(next, counter)).get();
        assertThat(other.count.get()).isEqualTo(1);
    }

    private static Counter partition(JobExecution run, Counter jobScoped) {
        Counter counter = DailyDigestJobConfiguration.ofTheRun(new StepExecution("sendDigestRange:p", run), jobScoped);
        counter.count.incrementAndGet();
        return counter;
    }

    static class Counter {
        final AtomicInteger count = new AtomicInteger();
    }

    /** Not a {@code @Configuration}: the application's component scan would add it to every test's context. */
    static class Beans {

        @Bean
        static org.springframework.batch.core.scope.JobScope jobScope() {
            org.springframework.batch.core.scope.JobScope scope = new org.springframework.batch.core.scope.JobScope();
            scope.setAutoProxy(false); // as Batch's own configuration: @JobScope makes the proxy
            return scope;
        }

        @Bean
        @JobScope
        Counter counter() {
            return new Counter();
        }
    }
}
