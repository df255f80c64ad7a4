package org.ser4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Enforces the levelled package layout: a package may import only ser4j packages of a strictly lower level
 * (siblings at the same level do not import each other). Sub-packages take their parent's level unless listed.
 */
class PackageLevelsTest {
    static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("util", 0),
            Map.entry("config", 1), Map.entry("audio", 1),
            Map.entry("provenance", 2), Map.entry("data", 2),
            Map.entry("data.iemocap", 3), Map.entry("data.jtes", 3), Map.entry("data.synth", 3),
            Map.entry("data.datavec", 3), Map.entry("data.csv", 3), Map.entry("nn.layers", 3),
            Map.entry("nn", 3),
            Map.entry("nn.hubert", 4), Map.entry("nn.heads", 4), Map.entry("eval", 4),
            Map.entry("weights", 5),
            Map.entry("train", 6), Map.entry("infer", 6),
            Map.entry("fusion", 7), Map.entry("pretrain", 7), Map.entry("onnx", 7),
            Map.entry("report", 8), Map.entry("bench", 8),
            Map.entry("app", 9));

    static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.ser4j\\.([a-z0-9_.]+)\\.[A-Z*][\\w.*]*;",
            Pattern.MULTILINE);

    static int levelOf(String pkg) {
        String p = pkg;
        while (true) {
            Integer l = LEVELS.get(p);
            if (l != null) {
                return l;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return -1;
            }
            p = p.substring(0, dot);
        }
    }

    @Test
    void everyPackageImportsOnlyLowerLevels() throws IOException {
        Path root = Path.of("src/main/java/org/ser4j");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                int own = levelOf(pkg);
                if (own < 0) {
                    violations.add(f + ": package '" + pkg + "' has no level in PackageLevelsTest.LEVELS");
                    continue;
                }
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (imported.equals(pkg) || imported.startsWith(pkg + ".") && levelOf(imported) == own) {
                        continue;
                    }
                    int l = levelOf(imported);
                    if (l < 0 || l >= own) {
                        violations.add(f + " (level " + own + ") imports org.ser4j." + imported + " (level " + l + ")");
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            fail(String.join("\n", violations));
        }
        assertTrue(levelOf("util") == 0);
    }
}
