package org.ser4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall times of the measured repetitions of one case (warm-up calls excluded), with their median, min and max.
 * The median is what the report compares: on a shared machine a single slow repetition says little.
 */
public record TimingStats(List<Double> seconds) {
    public TimingStats {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        seconds = List.copyOf(seconds);
    }

    public double median() {
        List<Double> s = new ArrayList<>(seconds);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return Collections.min(seconds);
    }

    public double max() {
        return Collections.max(seconds);
    }

    /** JSON shape shared with the PyTorch script: {@code median, min, max, all}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median());
        m.put("min", min());
        m.put("max", max());
        m.put("all", seconds);
        return m;
    }
}
