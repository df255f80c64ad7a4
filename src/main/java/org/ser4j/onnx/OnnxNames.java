package org.ser4j.onnx;

import org.ser4j.nn.heads.EmotionModelHeads;

/**
 * Input and output names of an exported ser4j ONNX model (its public interface).
 *
 * <p>Inputs: {@value #INPUT_VALUES} float32 [batch, samples] (the waveform, normalised as the model's
 * preprocessor_config.json says, zero-padded on the right) and {@value #ATTENTION_MASK} <b>int64</b> [batch, samples]
 * (1 = valid sample, 0 = padding; HF's convention and dtype; all ones when nothing is padded).
 *
 * <p>Outputs: {@value #LAST_HIDDEN_STATE} float32 [batch, frames, hidden]; {@value #FRAME_MASK} int64 [batch, frames]
 * (HF {@code _get_feature_vector_attention_mask}); with {@code --hidden-states}, {@value #HIDDEN_STATES} float32
 * [layers + 1, batch, frames, hidden] in HF {@code output_hidden_states} order; when the model has heads,
 * {@value #POOLED} float32 [batch, hidden] (masked mean over valid frames of the heads' input; [batch, 2 hidden],
 * the mean then the standard deviation, for a {@code mean_std} model), {@value #EMOTION_LOGITS}
 * [batch, emotions] and, if present, {@value #DOMAIN_LOGITS} [batch, domains].
 */
public final class OnnxNames {
    public static final String INPUT_VALUES = "input_values";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";
    public static final String FRAME_MASK = "frame_attention_mask";
    public static final String HIDDEN_STATES = "hidden_states";
    public static final String POOLED = EmotionModelHeads.POOLED;
    public static final String EMOTION_LOGITS = EmotionModelHeads.EMOTION_LOGITS;
    public static final String DOMAIN_LOGITS = EmotionModelHeads.DOMAIN_LOGITS;
    /** Model metadata keys (JSON lists of label names, in logit order). */
    public static final String META_EMOTION_LABELS = "ser4j.emotion_labels";
    public static final String META_DOMAIN_LABELS = "ser4j.domain_labels";
    public static final String META_DO_NORMALIZE = "ser4j.do_normalize";
    public static final String META_SAMPLE_RATE = "ser4j.sample_rate";

    private OnnxNames() {}
}
