package org.ser4j.nn.hubert;

import java.io.IOException;
import java.util.Map;

/** Test helper: the fixture keys files as name -> shape (shared with tests in other packages). */
public final class HubertGraphInventory {
    private HubertGraphInventory() {}

    public static Map<String, long[]> keysFile(String path) throws IOException {
        return HubertConfigTest.keysFile(path);
    }
}
