package org.ser4j.train;

import java.util.List;
import java.util.Locale;

import org.ser4j.util.Csv;

/**
 * Rows of {@code predictions.csv} (docs/contracts.md §4):
 * {@code utt_id,corpus,language,fold,split,step,emotion,logit_<label>...} with the logits of the selected step.
 */
final class Predictions {
    private Predictions() {}

    static String header(List<String> labels) {
        StringBuilder sb = new StringBuilder("utt_id,corpus,language,fold,split,step,emotion");
        for (String l : labels) {
            sb.append(",logit_").append(l);
        }
        return sb.append('\n').toString();
    }

    static void append(StringBuilder out, EvalResult r, int fold, int step, List<String> labels) {
        for (int i = 0; i < r.examples().size(); i++) {
            Example e = r.examples().get(i);
            out.append(Csv.line(List.of(e.uttId(), e.corpus(), e.language(), Integer.toString(fold), r.split(),
                    Integer.toString(step), labels.get(e.emotion()))));
            for (float v : r.emotionLogits()[i]) {
                out.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            }
            out.append('\n');
        }
    }
}
