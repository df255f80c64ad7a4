package org.ser4j.app.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo's systems on N worker threads. Each worker trains one system at a time on one OpenMP thread (the
 * launcher starts the JVM with {@code OMP_NUM_THREADS=1}): tiny graphs run fastest that way, and N workers keep N
 * cores busy (docs/contracts.md §7). A system waits until the system it depends on has finished; a failed system is
 * recorded and the others go on.
 */
final class ParallelSystems {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelSystems.class);

    private final List<SystemTask> pending;
    private final Set<SystemTask> finished = new HashSet<>();
    private final Map<SystemTask, Throwable> failures = new LinkedHashMap<>();
    private int running;

    ParallelSystems(List<SystemTask> tasks) {
        this.pending = new ArrayList<>(tasks);
    }

    /** Runs every task; returns the failures (empty when all succeeded). */
    Map<SystemTask, Throwable> run(int workers) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(this::work, "demo-worker-" + (w + 1));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures;
    }

    private void work() {
        while (true) {
            SystemTask task;
            try {
                task = next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (task == null) {
                return;
            }
            Throwable failure = null;
            try {
                // the per-system summary line goes to the log, not the console: the progress bar owns stdout
                ByteArrayOutputStream lines = new ByteArrayOutputStream();
                task.run().run(Set.of(task.mode()), Set.of(task.trial()), null, null,
                        new PrintStream(lines, true, StandardCharsets.UTF_8));
                LOG.info("{}", lines.toString(StandardCharsets.UTF_8).trim());
            } catch (Throwable e) {
                LOG.error("{} failed: {}", task.name(), e.toString(), e);
                failure = e;
            }
            done(task, failure);
        }
    }

    private synchronized SystemTask next() throws InterruptedException {
        while (true) {
            if (pending.isEmpty()) {
                return null;
            }
            for (SystemTask t : pending) {
                SystemTask dep = t.dependsOn();
                // a failed dependency does not block: fake-domain step 1 then trains its own MTL stage
                if (dep == null || finished.contains(dep) || failures.containsKey(dep)) {
                    pending.remove(t);
                    running++;
                    return t;
                }
            }
            wait();
        }
    }

    private synchronized void done(SystemTask task, Throwable failure) {
        running--;
        if (failure == null) {
            finished.add(task);
        } else {
            failures.put(task, failure);
        }
        notifyAll();
    }
}
