package org.ser4j.bench;

import java.util.Map;

import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/** The HuBERT SameDiff graph in inference mode: the path {@code ser4j embed} and evaluation take. */
public final class SameDiffForward implements ForwardBackend {
    @Override
    public String name() {
        return "samediff";
    }

    @Override
    public String group() {
        return "hubert";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Prepared prepare(HubertConfig config, long seed) {
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, config.withoutRegularisation(), HubertGraph.Mode.INFERENCE, seed);
        return new Prepared(g);
    }

    /** Also exposes the graph so that the scaling sweep can profile its ops. */
    public static final class Prepared implements PreparedForward {
        private final HubertGraph graph;
        private Map<String, INDArray> inputs;

        Prepared(HubertGraph graph) {
            this.graph = graph;
        }

        public HubertGraph graph() {
            return graph;
        }

        @Override
        public void setInput(float[][] waveforms) {
            inputs = HubertGraph.inputs(Nd4j.createFromArray(waveforms), null);
        }

        @Override
        public long[] run() {
            String out = graph.lastHiddenState().name();
            return graph.sameDiff().output(inputs, out).get(out).shape();
        }

        /** One forward with {@code listener} attached (per-op timing). */
        public long[] runWith(Listener listener) {
            SameDiff sd = graph.sameDiff();
            sd.setListeners(listener);
            try {
                return run();
            } finally {
                sd.setListeners();
            }
        }

        @Override
        public void close() {
            inputs = null;
        }
    }
}
