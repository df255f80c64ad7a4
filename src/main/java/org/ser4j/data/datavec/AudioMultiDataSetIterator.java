package org.ser4j.data.datavec;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * The batches as a DL4J {@link MultiDataSetIterator} (layout: {@link AudioBatch#toMultiDataSet()}).
 *
 * <p>Epochs: the iterator starts at epoch 0; {@link #reset()} after any batch of an epoch was taken moves to the next
 * epoch (DL4J's {@code fit(iterator, epochs)} calls reset between epochs), so order and crops follow
 * (seed, epoch). {@link #setEpoch(int)} jumps to an epoch explicitly, e.g. when resuming from a checkpoint. A trainer
 * that needs utterance ids calls {@link #nextBatch()} instead of {@link #next()}.
 */
public final class AudioMultiDataSetIterator implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;

    private final transient AudioDataset data;
    private final BatchConfig cfg;
    private final transient AudioCache cache;
    private transient AudioBatchIterator current;
    private int epoch;
    private boolean started;
    private MultiDataSetPreProcessor preProcessor;

    public AudioMultiDataSetIterator(AudioDataset data, BatchConfig cfg, AudioCache cache) {
        this.data = data;
        this.cfg = cfg;
        this.cache = cache;
        this.current = new AudioBatchIterator(data, cfg, cache, 0);
    }

    public int epoch() {
        return epoch;
    }

    public void setEpoch(int e) {
        current.close();
        epoch = e;
        started = false;
        current = new AudioBatchIterator(data, cfg, cache, epoch);
    }

    /** The next batch with its utterance ids. */
    public AudioBatch nextBatch() {
        started = true;
        return current.next();
    }

    @Override
    public boolean hasNext() {
        return current.hasNext();
    }

    @Override
    public MultiDataSet next() {
        MultiDataSet mds = nextBatch().toMultiDataSet();
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed by BatchConfig (" + cfg.batchSize() + ")");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Batches are already prefetched here; DL4J must not wrap this in another async iterator. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        setEpoch(started ? epoch + 1 : epoch);
    }

    /** Stops the prefetch workers. */
    public void close() {
        current.close();
    }
}
