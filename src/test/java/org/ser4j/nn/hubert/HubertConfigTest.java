package org.ser4j.nn.hubert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ser4j.util.BadInputException;

/** Config parsing/validation and the parameter inventory of the full-size models (nothing is allocated). */
class HubertConfigTest {
    static String resource(String path) throws IOException {
        try (InputStream in = HubertConfigTest.class.getResourceAsStream("/hubert/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** name -> shape from a fixture keys file ("name TAB [a, b] TAB numel"). */
    static Map<String, long[]> keysFile(String path) throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : resource(path).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] p = line.split("\t");
            String dims = p[1].replaceAll("[\\[\\] ]", "");
            long[] shape = dims.isEmpty() ? new long[0]
                    : java.util.Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
            out.put(p[0], shape);
        }
        return out;
    }

    static void assertSameInventory(Map<String, long[]> expected, Map<String, long[]> actual) {
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()));
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    @Test
    void largeHasExactlyTheKeysShapesAndCountOfHfHubertModel() throws IOException {
        HubertConfig large = HubertConfig.fromJson(resource("real-configs/facebook-hubert-large-ll60k.config.json"));
        assertEquals(HubertConfig.large().toJson(), large.withExtrasOf(HubertConfig.large()).toJson());
        assertSameInventory(keysFile("hubert-large-keys.txt"), HubertGraph.parameterShapes(large));
        assertEquals(422, HubertGraph.parameterShapes(large).size());
        assertEquals(315_438_720L, HubertGraph.parameterCount(large));
        assertEquals(315_438_720L, HubertGraph.parameterCount(HubertConfig.large()));
    }

    @Test
    void baseHasExactlyTheKeysShapesAndCountOfHfHubertModel() throws IOException {
        HubertConfig base = HubertConfig.fromJson(resource("real-configs/facebook-hubert-base-ls960.config.json"));
        assertSameInventory(keysFile("hubert-base-keys.txt"), HubertGraph.parameterShapes(base));
        assertEquals(94_371_712L, HubertGraph.parameterCount(base));
        assertEquals(94_371_712L, HubertGraph.parameterCount(HubertConfig.base()));
    }

    @Test
    void tinyFactoriesMatchTheFixtureConfigs() throws IOException {
        assertEquals(HubertGraph.parameterCount(HubertConfig.fromJson(resource("tiny-large/config.json"))),
                HubertGraph.parameterCount(HubertConfig.tinyLarge()));
        assertEquals(32_136L, HubertGraph.parameterCount(HubertConfig.tinyLarge()));
        assertEquals(31_680L, HubertGraph.parameterCount(HubertConfig.tinyBase()));
    }

    @Test
    void jsonRoundTripKeepsEveryFieldAndExtras() throws IOException {
        HubertConfig c = HubertConfig.fromJson(resource("tiny-base/config.json"));
        assertEquals(32, ((Number) c.extras().get("vocab_size")).intValue());
        HubertConfig back = HubertConfig.fromJson(c.toJson());
        assertEquals(c, back);
    }

    @Test
    void lengthsFollowTheConvFormula() {
        HubertConfig c = HubertConfig.large();
        assertEquals(49, c.framesFor(16_000));
        assertEquals(199, c.framesFor(64_000));
        assertEquals(29, c.framesFor(9_600));
        assertEquals(400, c.receptiveField());
        assertEquals(1, c.framesFor(400));
        assertEquals(0, c.framesFor(399));
        assertEquals(320, c.totalStride());
    }

    @Test
    void badConfigsNameTheField() {
        String noHidden = "{\"num_hidden_layers\":2}";
        BadInputException e = assertThrows(BadInputException.class, () -> HubertConfig.fromJson(noHidden));
        assertTrue(e.getMessage().contains("hidden_size"), e.getMessage());
        String json = HubertConfig.tinyLarge().toJson().replace("\"num_attention_heads\" : 4", "\"num_attention_heads\" : 5");
        e = assertThrows(BadInputException.class, () -> HubertConfig.fromJson(json));
        assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
        String relu = HubertConfig.tinyLarge().toJson().replace("\"hidden_act\" : \"gelu\"", "\"hidden_act\" : \"relu\"");
        e = assertThrows(BadInputException.class, () -> HubertConfig.fromJson(relu));
        assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
    }
}
