package org.ser4j.weights;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Brings Hugging Face state-dict variants to the names of {@code HubertModel} (which are the graph's variable names):
 * <ul>
 * <li>drops the {@code hubert.} prefix of task models ({@code HubertForSequenceClassification}, {@code ...ForCTC});
 *     their own heads ({@code projector}, {@code classifier}, {@code lm_head}) stay and are reported as unexpected;</li>
 * <li>renames torch >= 2.1 weight-norm parametrisations {@code ...conv.parametrizations.weight.original0/1} to
 *     {@code weight_g}/{@code weight_v};</li>
 * <li>unfolds an already folded positional-conv {@code weight} into {@code weight_v = w}, {@code weight_g = ||w||}
 *     (per kernel tap), which reproduces {@code w} exactly.</li>
 * </ul>
 * Layouts are unchanged: the graph keeps PyTorch layouts.
 */
public final class HfKeyMap {
    static final String POS_CONV = "encoder.pos_conv_embed.conv.";
    private static final String TASK_PREFIX = "hubert.";

    private HfKeyMap() {}

    public static Map<String, INDArray> toHubertModelNames(Map<String, INDArray> raw) {
        boolean taskModel = raw.keySet().stream().anyMatch(k -> k.startsWith(TASK_PREFIX + "encoder."));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : raw.entrySet()) {
            String k = e.getKey();
            if (taskModel && k.startsWith(TASK_PREFIX)) {
                k = k.substring(TASK_PREFIX.length());
            }
            k = k.replace(POS_CONV + "parametrizations.weight.original0", POS_CONV + "weight_g")
                    .replace(POS_CONV + "parametrizations.weight.original1", POS_CONV + "weight_v");
            out.put(k, e.getValue());
        }
        INDArray folded = out.get(POS_CONV + "weight");
        if (folded != null && !out.containsKey(POS_CONV + "weight_v") && folded.rank() == 3) {
            out.remove(POS_CONV + "weight");
            out.put(POS_CONV + "weight_g", Nd4j.math().sqrt(folded.mul(folded).sum(true, 0, 1)));
            out.put(POS_CONV + "weight_v", folded);
        }
        return out;
    }
}
