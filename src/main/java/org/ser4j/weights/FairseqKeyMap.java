package org.ser4j.weights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.BadInputException;

/**
 * The fairseq-to-HF key map, read from the data file {@code fairseq-to-hf-keys.tsv} (kept in {@code weights-convert/}
 * and on the classpath). Each rule is a whole-key regex and a replacement; {@code -} drops a known head tensor.
 */
public final class FairseqKeyMap {
    static final String RESOURCE = "fairseq-to-hf-keys.tsv";
    private static final String FINETUNED_PREFIX = "w2v_encoder.w2v_model.";

    /** One mapping rule. */
    record Rule(Pattern pattern, String replacement) {}

    /** Mapped tensors, dropped keys (heads) and keys no rule knows. */
    public record Result(Map<String, INDArray> hf, List<String> dropped, List<String> unmatched) {}

    private final List<Rule> rules;

    private FairseqKeyMap(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules shipped with ser4j. */
    public static FairseqKeyMap standard() {
        try (InputStream in = FairseqKeyMap.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static FairseqKeyMap parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length != 2) {
                    throw new BadInputException(source + ":" + lineNo + ": expected <regex> TAB <replacement>");
                }
                rules.add(new Rule(Pattern.compile(parts[0].trim()), parts[1].trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new FairseqKeyMap(rules);
    }

    public Result map(Map<String, INDArray> fairseq) {
        Map<String, INDArray> hf = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : fairseq.entrySet()) {
            String key = e.getKey().startsWith(FINETUNED_PREFIX)
                    ? e.getKey().substring(FINETUNED_PREFIX.length()) : e.getKey();
            String target = null;
            for (Rule rule : rules) {
                Matcher m = rule.pattern().matcher(key);
                if (m.matches()) {
                    target = rule.replacement().equals("-") ? "-" : m.replaceFirst(rule.replacement());
                    break;
                }
            }
            if (target == null) {
                unmatched.add(e.getKey());
            } else if (target.equals("-")) {
                dropped.add(e.getKey());
            } else {
                hf.put(target, e.getValue());
            }
        }
        return new Result(hf, dropped, unmatched);
    }
}
