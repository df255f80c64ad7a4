package org.ser4j.data.datavec;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.Resampler;
import org.ser4j.audio.WavReader;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.audio.AudioLoader;

/**
 * A DataVec record reader over manifest rows. Each record is, in this order:
 * <ol>
 *   <li>{@code waveform}: {@link NDArrayWritable} float [1, S], 16 kHz mono (normalised if asked)</li>
 *   <li>{@code emotion}: {@link IntWritable} class index in the label set</li>
 *   <li>{@code domain}: {@link IntWritable} class index in the domain set</li>
 *   <li>{@code utt_id}, {@code corpus}, {@code speaker}: {@link Text}</li>
 * </ol>
 * The data set is given at construction (manifests already say where every file is), so {@link #initialize} only
 * rewinds. For padded batches use {@link AudioMultiDataSetIterator}; this reader is for DataVec pipelines and tools.
 */
public final class AudioRecordReader extends BaseRecordReader {
    private static final long serialVersionUID = 1L;
    public static final int WAVEFORM = 0;
    public static final int EMOTION = 1;
    public static final int DOMAIN = 2;
    public static final int UTT_ID = 3;
    public static final int CORPUS = 4;
    public static final int SPEAKER = 5;

    private final transient AudioDataset data;
    private final transient AudioCache cache;
    private final boolean normalize;
    private int position;
    private Configuration conf;

    public AudioRecordReader(AudioDataset data, AudioCache cache, boolean normalize) {
        this.data = data;
        this.cache = cache;
        this.normalize = normalize;
    }

    @Override
    public void initialize(InputSplit split) {
        position = 0;
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        this.conf = conf;
        position = 0;
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public boolean hasNext() {
        return position < data.size();
    }

    /** The emotion labels in class-index order. */
    @Override
    public List<String> getLabels() {
        return data.emotions().labels();
    }

    @Override
    public void reset() {
        position = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Decodes a WAV stream that is not in the manifest: only the waveform is known, labels are -1 and ids empty. */
    @Override
    public List<Writable> record(URI uri, DataInputStream in) throws IOException {
        var audio = WavReader.read(in.readAllBytes(), String.valueOf(uri));
        float[] x = Resampler.resample(audio.samples(), audio.sampleRate(), AudioLoader.TARGET_RATE);
        return writables(x, -1, -1, "", "", "");
    }

    @Override
    public Record nextRecord() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + data.size() + " records read");
        }
        Record r = load(position);
        position++;
        invokeListeners(r);
        return r;
    }

    private Record load(int index) {
        AudioItem item = data.items().get(index);
        float[] x = cache.load16k(item.audio());
        List<Writable> w = writables(x, item.emotion(), item.domain(), item.uttId(), item.corpus(), item.speaker());
        return new org.datavec.api.records.impl.Record(w,
                new RecordMetaDataIndex(index, item.audio().toUri(), AudioRecordReader.class));
    }

    private List<Writable> writables(float[] x, int emo, int dom, String id, String corpus, String speaker) {
        float[] y = normalize ? WaveformNormalizer.normalize(x) : x.clone();
        List<Writable> w = new ArrayList<>(6);
        w.add(new NDArrayWritable(Nd4j.create(y, new long[] {1, y.length}, 'c')));
        w.add(new IntWritable(emo));
        w.add(new IntWritable(dom));
        w.add(new Text(id));
        w.add(new Text(corpus));
        w.add(new Text(speaker));
        return w;
    }

    @Override
    public Record loadFromMetaData(RecordMetaData meta) {
        if (!(meta instanceof RecordMetaDataIndex idx)) {
            throw new IllegalArgumentException("expected RecordMetaDataIndex, got " + meta);
        }
        return load(Math.toIntExact(idx.getIndex()));
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> metas) {
        List<Record> out = new ArrayList<>(metas.size());
        metas.forEach(m -> out.add(loadFromMetaData(m)));
        return out;
    }

    @Override
    public void close() {
        // Nothing to release: files are read whole and closed at once.
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
