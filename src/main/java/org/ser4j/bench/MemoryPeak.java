package org.ser4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peak memory of one case. {@code peakRssMib} is the kernel's VmHWM over the case (reset at its start when the
 * kernel allows it, see {@link MemoryProbe}); {@code javacppPeakPhysicalMib} is the highest
 * {@code Pointer.physicalBytes()} seen by a sampler thread (also the process RSS, but as JavaCPP's limit checks see
 * it); {@code javacppPeakTrackedMib} the highest off-heap bytes JavaCPP itself tracked; {@code heapPeakUsedMib}
 * the highest used Java heap sampled. -1 = unknown.
 */
public record MemoryPeak(double peakRssMib, boolean rssPeakIsPerCase, double javacppPeakPhysicalMib,
                         double javacppPeakTrackedMib, double javacppMaxPhysicalMib, double heapPeakUsedMib) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peak_rss_mib", peakRssMib);
        m.put("peak_rss_is_per_case", rssPeakIsPerCase);
        m.put("javacpp_peak_physical_mib", javacppPeakPhysicalMib);
        m.put("javacpp_peak_tracked_mib", javacppPeakTrackedMib);
        m.put("javacpp_max_physical_mib", javacppMaxPhysicalMib);
        m.put("heap_peak_used_mib", heapPeakUsedMib);
        return m;
    }
}
