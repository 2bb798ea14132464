package org.paperdigest.delivery;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Ends the process when the disk that holds the database or the journal is full.
 *
 * <p>Why a halt: once H2 fails to write its file, it closes its store, and the next statement on any of its
 * sessions (Spring's rollback resetting auto-commit, the job repository recording the failure) loops for
 * ever in {@code MVStore.registerVersionUsage} (H2 2.4.240), at 100 % CPU, after pages of stack traces.
 * Nothing can be recorded any more anyway, so the first write that fails for want of space prints one line
 * and halts: every outcome before it is in the delivery record or the journal, and only the message in
 * flight on each connection can arrive twice when the same command runs again.
 */
@Configuration(proxyBeanMethods = false)
public class FullDisk {

    private final DeliveryJournal journal;
    private final PrintStream err;

    FullDisk(DeliveryJournal journal) {
        this.journal = journal;
        this.err = System.err; // the process's own: the line must reach the operator right before the halt
    }

    /**
     * Every SQLException of the pool passes Hikari's exception override before anything else sees it: the
     * place to notice H2's failed write before another statement runs into H2's loop.
     */
    @Bean
    static BeanPostProcessor stopOnFullDisk(ObjectProvider<FullDisk> fullDisk) {
        return new BeanPostProcessor() {
            @java.lang.Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource hikari) {
                    hikari.setExceptionOverride(new SQLExceptionOverride() {
                        @java.lang.Override
                        public SQLExceptionOverride.Override adjudicate(java.sql.SQLException e) {
                            if (noSpace(e)) {
                                FullDisk stop = fullDisk.getObject();
                                Path file = stop.journal.databaseFile();
                                stop.halt(file != null ? file : Path.of("."));
                            }
                            return SQLExceptionOverride.Override.CONTINUE_EVICT;
                        }
                    });
                }
                return bean;
            }
        };
    }

    /** Whether the failure is, at its root, a write that found no space (ENOSPC) or no quota (EDQUOT). */
    static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null
                    && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Halts with exit 1 and one line if {@code e} says the disk holding {@code path} is full; else returns. */
    void stopIfFull(Throwable e, Path path) {
        if (noSpace(e)) {
            halt(path);
        }
    }

    /**
     * One line, then the halt. Synchronized: several threads (each connection, the progress line) can meet the
     * full disk at once, and the others wait here for the halt rather than print the line again.
     */
    private synchronized void halt(Path path) {
        Path disk = mountPoint(path);
        err.println("paper-digest: no space left on " + disk + " (writing " + path.toAbsolutePath().normalize() + "): this run "
                + "delivered " + journal.deliveredSoFar() + " digests before it stopped, each recorded in the "
                + "database or its journal, so they are not sent again; free space on " + disk
                + ", then run the same command again");
        err.flush();
        Runtime.getRuntime().halt(1);
    }

    /** The top folder of the file system that holds {@code path}: the one to free space on. */
    static Path mountPoint(Path path) {
        Path at = path.toAbsolutePath().normalize();
        while (at.getParent() != null && !Files.exists(at)) {
            at = at.getParent();
        }
        try {
            FileStore store = Files.getFileStore(at);
            while (at.getParent() != null && Files.getFileStore(at.getParent()).equals(store)) {
                at = at.getParent();
            }
            return at;
        } catch (IOException e) {
            return at; // naming the folder still says where
        }
    }
}
