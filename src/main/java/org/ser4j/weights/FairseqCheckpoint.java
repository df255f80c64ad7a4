package org.ser4j.weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.util.BadInputException;

/**
 * An original fairseq HuBERT checkpoint ({@code hubert_large_ll60k.pt}): the model section renamed to HF keys with
 * {@link FairseqKeyMap}, and an HF {@link HubertConfig} derived from its {@code cfg.model} (an omegaconf DictConfig
 * or, as fairseq has written since 2021, a plain dict; older files carry an argparse {@code args} Namespace).
 * {@code cfg.task.normalize} becomes the waveform normalisation flag. Optimizer state, task state and other entries
 * are ignored.
 *
 * <p>Values fairseq does not store are implied by its code: LayerNorm eps 1e-5, exact GELU, the feature projection
 * always has its LayerNorm, the positional conv pads {@code k/2} and drops the last frame for even kernels.
 */
public record FairseqCheckpoint(HubertConfig config, boolean normalize, Map<String, INDArray> tensors,
                                List<String> dropped) {

    private static final Pattern CONV_TERM = Pattern.compile("\\[(.*)\\]\\s*(?:\\*\\s*(\\d+))?");
    private static final Pattern TRIPLE = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    public static FairseqCheckpoint read(Path file) {
        try {
            return readChecked(file);
        } catch (StackOverflowError e) {
            // a hostile pickle can nest its config deeper than the thread's stack
            throw new BadInputException(file + ": checkpoint structure nested too deeply to read", e);
        }
    }

    private static FairseqCheckpoint readChecked(Path file) {
        Map<?, ?> root = TorchPickleReader.asMap(TorchPickleReader.load(file), file + ": checkpoint root");
        Object modelSection = root.get("model");
        if (!(modelSection instanceof Map<?, ?> modelMap)) {
            throw new BadInputException(file + ": no \"model\" state dict; not a fairseq checkpoint");
        }
        Map<String, Object> modelCfg;
        Map<String, Object> taskCfg;
        Object cfg = OmegaConfValues.plain(root.get("cfg"));
        if (cfg instanceof Map<?, ?> cfgMap) {
            modelCfg = stringMap(cfgMap.get("model"));
            taskCfg = stringMap(cfgMap.get("task"));
        } else if (root.get("args") instanceof Map<?, ?> args) { // pre-hydra checkpoints: argparse Namespace
            modelCfg = stringMap(OmegaConfValues.plain(args));
            taskCfg = modelCfg;
        } else {
            throw new BadInputException(file + ": neither \"cfg\" nor \"args\" holds the model configuration");
        }
        FairseqKeyMap.Result mapped = FairseqKeyMap.standard().map(TorchPickleReader.tensorsOf(file, modelMap));
        if (!mapped.unmatched().isEmpty()) {
            throw new BadInputException(file + ": tensors the fairseq key map (weights-convert/fairseq-to-hf-keys.tsv)"
                    + " does not know: " + mapped.unmatched());
        }
        HubertConfig config = toHubertConfig(modelCfg, file);
        Object normalize = taskCfg.get("normalize");
        return new FairseqCheckpoint(config, Boolean.TRUE.equals(normalize), mapped.hf(), mapped.dropped());
    }

    private static Map<String, Object> stringMap(Object o) {
        Map<String, Object> out = new HashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    static HubertConfig toHubertConfig(Map<String, Object> m, Path file) {
        String activation = str(m, "activation_fn", "gelu");
        if (!"gelu".equals(activation)) {
            throw new BadInputException(file + ": cfg.model.activation_fn is \"" + activation + "\"; only gelu is supported");
        }
        String mode = str(m, "extractor_mode", "default");
        List<int[]> conv = parseConvLayers(str(m, "conv_feature_layers",
                "[(512,10,5)] + [(512,3,2)] * 4 + [(512,2,2)] * 2"), file);
        List<Integer> dims = new ArrayList<>();
        List<Integer> kernels = new ArrayList<>();
        List<Integer> strides = new ArrayList<>();
        for (int[] c : conv) {
            dims.add(c[0]);
            kernels.add(c[1]);
            strides.add(c[2]);
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("architectures", List.of("HubertModel"));
        // Regularisation: the fine-tuning values of HF's facebook/hubert-large-ll60k config.json, not fairseq's
        // pre-training ones (mask_prob 0.8 would be wrong for fine-tuning); they do not affect inference.
        return new HubertConfig(
                (int) num(m, "encoder_embed_dim", 768), (int) num(m, "encoder_layers", 12),
                (int) num(m, "encoder_attention_heads", 12), (int) num(m, "encoder_ffn_embed_dim", 3072),
                dims, kernels, strides, bool(m, "conv_bias", false),
                "layer_norm".equals(mode) ? "layer" : "group", bool(m, "layer_norm_first", false), true, 1e-5,
                (int) num(m, "conv_pos", 128), (int) num(m, "conv_pos_groups", 16),
                0.1, 0.1, 0.0, 0.1, 0.1, true, 0.05, 10, 2, 0.0, 10, 0,
                Collections.unmodifiableMap(extras));
    }

    /** fairseq writes the conv stack as a Python expression: {@code [(512,10,5)] + [(512,3,2)] * 4 + ...}. */
    static List<int[]> parseConvLayers(String expr, Path file) {
        List<int[]> out = new ArrayList<>();
        for (String term : expr.split("\\+")) {
            Matcher t = CONV_TERM.matcher(term.trim());
            if (!t.matches()) {
                throw new BadInputException(file + ": cannot parse conv_feature_layers term \"" + term.trim() + "\"");
            }
            int repeat = t.group(2) == null ? 1 : Integer.parseInt(t.group(2));
            List<int[]> items = new ArrayList<>();
            Matcher tr = TRIPLE.matcher(t.group(1));
            while (tr.find()) {
                items.add(new int[] {Integer.parseInt(tr.group(1)), Integer.parseInt(tr.group(2)),
                        Integer.parseInt(tr.group(3))});
            }
            for (int r = 0; r < repeat; r++) {
                out.addAll(items);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": conv_feature_layers \"" + expr + "\" has no layers");
        }
        return out;
    }

    private static String str(Map<String, Object> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    private static double num(Map<String, Object> m, String key, double dflt) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return dflt; // unresolved interpolation such as "${model.label_rate}"
            }
        }
        return dflt;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean dflt) {
        Object v = m.get(key);
        return v instanceof Boolean b ? b : dflt;
    }
}
