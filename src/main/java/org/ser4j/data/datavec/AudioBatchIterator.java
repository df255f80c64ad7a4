package org.ser4j.data.datavec;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch, in plan order. With {@code prefetch > 0} they are built ahead by a small pool of daemon
 * threads (decoding, resampling, normalising and padding happen off the training thread); results are still
 * delivered in plan order, so the sequence is the same with or without prefetch. Close it to stop the workers early.
 */
public final class AudioBatchIterator implements Iterator<AudioBatch>, AutoCloseable {
    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private final List<int[]> plan;
    private final BatchBuilder builder;
    private final int epoch;
    private final ExecutorService pool;
    private final ArrayDeque<Future<AudioBatch>> ahead = new ArrayDeque<>();
    private final int prefetch;
    private int submitted;
    private int delivered;

    public AudioBatchIterator(AudioDataset data, BatchConfig cfg, AudioCache cache, int epoch) {
        this.plan = BatchPlan.plan(data.items(), cfg, epoch);
        this.builder = new BatchBuilder(data, cfg, cache);
        this.epoch = epoch;
        this.prefetch = cfg.prefetch();
        if (prefetch > 0) {
            int id = POOL_ID.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(cfg.workers(), r -> {
                Thread t = new Thread(r, "ser4j-batches-" + id + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            fill();
        } else {
            this.pool = null;
        }
    }

    public int epoch() {
        return epoch;
    }

    /** Batches in this epoch. */
    public int batches() {
        return plan.size();
    }

    private void fill() {
        while (submitted < plan.size() && ahead.size() < prefetch) {
            int[] idx = plan.get(submitted++);
            ahead.add(pool.submit(() -> builder.build(idx, epoch)));
        }
    }

    @Override
    public boolean hasNext() {
        return delivered < plan.size();
    }

    @Override
    public AudioBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + plan.size() + " batches");
        }
        if (pool == null) {
            return builder.build(plan.get(delivered++), epoch);
        }
        Future<AudioBatch> f = ahead.poll();
        if (f == null) {
            throw new IllegalStateException("batch iterator of epoch " + epoch + " was closed or failed earlier");
        }
        delivered++;
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("building a batch failed", e.getCause());
        } finally {
            if (!pool.isShutdown()) {
                fill();
            }
            if (!hasNext()) {
                pool.shutdown();
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            ahead.forEach(f -> f.cancel(true));
            ahead.clear();
            pool.shutdownNow();
        }
    }
}
