package org.ser4j.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.ModelInfo;


/**
 * Which classifier heads a model directory holds, found from its tensors ({@code heads.emotion.*},
 * {@code heads.domain.*}) and, for label names, its {@code ser4j-model.json}
 * ({@code labels}, {@code domains}). Label names fall back to {@code class_0..} when the directory does not list them.
 *
 * @param emotion       emotion head present
 * @param domain        domain head present
 * @param emotionLabels emotion names in logit order (empty without the head)
 * @param domainLabels  domain names in logit order (empty without the head)
 */
public record ModelHeads(boolean emotion, boolean domain, List<String> emotionLabels, List<String> domainLabels) {
    public static final String EMOTION = "heads.emotion";
    public static final String DOMAIN = "heads.domain";

    public boolean any() {
        return emotion || domain;
    }

    public static ModelHeads of(ModelDirectory md) {
        Map<String, INDArray> t = md.tensors();
        boolean emo = hasHead(t, EMOTION);
        boolean dom = hasHead(t, DOMAIN);
        if (dom && !emo) {
            throw new BadInputException(md.source() + ": has heads.domain.* but no heads.emotion.* tensors");
        }
        ModelInfo meta = readMeta(md.source());
        List<String> emoLabels = emo ? labels(meta == null ? null : meta.labels(), classes(t, EMOTION)) : List.of();
        List<String> domLabels = dom ? labels(meta == null || meta.training() == null ? null
                : meta.training().domains(), classes(t, DOMAIN)) : List.of();
        if (emo && emoLabels.isEmpty() && !md.info().labels().isEmpty()) {
            emoLabels = md.info().labels();
        }
        return new ModelHeads(emo, dom, emoLabels, domLabels);
    }

    private static boolean hasHead(Map<String, INDArray> t, String prefix) {
        boolean any = t.keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
        if (!any) {
            return false;
        }
        for (String part : new String[] {".projection.weight", ".projection.bias", ".classifier.weight",
                ".classifier.bias"}) {
            if (!t.containsKey(prefix + part)) {
                throw new BadInputException("model weights: " + prefix + part + " is missing (the " + prefix
                        + " head needs projection.{weight,bias} and classifier.{weight,bias})");
            }
        }
        return true;
    }

    private static int classes(Map<String, INDArray> t, String prefix) {
        return (int) t.get(prefix + ".classifier.weight").size(0);
    }

    private static List<String> labels(List<String> names, int classes) {
        if (names != null && names.size() == classes) {
            return names;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            out.add("class_" + i);
        }
        return out;
    }

    /** The directory's ser4j-model.json, or null when the model is not a directory with one. */
    private static ModelInfo readMeta(Path source) {
        if (source == null || !Files.isDirectory(source) || !Files.isRegularFile(source.resolve(ModelDirectory.INFO))) {
            return null;
        }
        return ModelInfo.readFrom(source, 16_000, false);
    }
}
