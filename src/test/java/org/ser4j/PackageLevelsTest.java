package org.ser4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
            Map.entry("study", 9),
            Map.entry("app", 10));

    static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.ser4j\\.([a-z0-9_.]+)\\.[A-Z*][\\w.*]*;",
            Pattern.MULTILINE);
    /** A fully qualified name in code ({@code org.ser4j.util.AtomicFiles.x(...)}), which no import shows. */
    static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])org\\.ser4j\\.([a-z0-9_]+(?:\\.[a-z0-9_]+)*)\\.[A-Z]");
    static final Pattern PACKAGE_OR_IMPORT_LINE = Pattern.compile("^\\s*(?:package|import)\\s[^;]*;", Pattern.MULTILINE);
    /** String literals and comments, matched left to right so that a "//" inside a string is not a comment. */
    static final Pattern LITERAL_OR_COMMENT = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'|/\\*.*?\\*/|//[^\\n]*",
            Pattern.DOTALL);

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
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    check(f, pkg, own, m.group(1), "imports", violations);
                }
                // Comments and strings are left out: a {@link} or a class name in a message is not a dependency.
                String code = PACKAGE_OR_IMPORT_LINE.matcher(LITERAL_OR_COMMENT.matcher(text).replaceAll(" "))
                        .replaceAll(" ");
                Matcher q = QUALIFIED.matcher(code);
                while (q.find()) {
                    check(f, pkg, own, q.group(1), "names", violations);
                }
            }
        }
        if (!violations.isEmpty()) {
            fail(String.join("\n", violations));
        }
        assertTrue(levelOf("util") == 0);
    }

    private static void check(Path f, String pkg, int own, String used, String how, List<String> violations) {
        if (used.equals(pkg) || used.startsWith(pkg + ".") && levelOf(used) == own) {
            return;
        }
        int l = levelOf(used);
        if (l < 0 || l >= own) {
            violations.add(f + " (level " + own + ") " + how + " org.ser4j." + used + " (level " + l + ")");
        }
    }

    /** Entry points live in the CLI, the benchmarks and the studies; every other package is a library. */
    @Test
    void mainMethodsOnlyInAppBenchAndStudy() throws IOException {
        Path root = Path.of("src/main/java/org/ser4j");
        Pattern main = Pattern.compile("\\bstatic\\s+void\\s+main\\s*\\(\\s*String");
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String top = root.relativize(f).getName(0).toString();
                if (!List.of("app", "bench", "study").contains(top) && main.matcher(Files.readString(f)).find()) {
                    outside.add(f.toString());
                }
            }
        }
        assertTrue(outside.isEmpty(), "main() outside app, bench and study: " + outside);
    }

    /** A row of the level table in docs/architecture.md: {@code | 3 | `data.synth`, `nn` | what they hold |}. */
    static final Pattern LEVEL_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|([^|]*)\\|");
    static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    /**
     * The level table in the "Package levels" section of a Markdown text: package to level, from the rows whose first
     * column is a number (the packages are the backticked names of the second column).
     */
    static Map<String, Integer> levelTable(String markdown, List<String> problems) {
        Map<String, Integer> table = new TreeMap<>();
        boolean inSection = false;
        for (String line : markdown.split("\\R")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals("## Package levels");
                continue;
            }
            Matcher row = inSection ? LEVEL_ROW.matcher(line.trim()) : null;
            if (row == null || !row.find()) {
                continue;
            }
            int level = Integer.parseInt(row.group(1));
            Matcher pkg = BACKTICKED.matcher(row.group(2));
            while (pkg.find()) {
                Integer before = table.put(pkg.group(1).trim(), level);
                if (before != null) {
                    problems.add("package '" + pkg.group(1) + "' is listed twice (levels " + before + " and "
                            + level + ")");
                }
            }
        }
        return table;
    }

    /** The level table of docs/architecture.md is a copy of {@link #LEVELS}: same packages, same levels. */
    @Test
    void levelTableMatchesLevels() throws IOException {
        Path doc = Path.of("docs/architecture.md");
        List<String> problems = new ArrayList<>();
        Map<String, Integer> table = levelTable(Files.readString(doc), problems);
        if (table.isEmpty()) {
            fail(doc + ": no level table (rows '| level | `package`, ... |') under '## Package levels'");
        }
        for (String pkg : new TreeSet<>(LEVELS.keySet())) {
            Integer documented = table.get(pkg);
            if (documented == null) {
                problems.add("package '" + pkg + "' (level " + LEVELS.get(pkg)
                        + " in LEVELS) is missing from the table");
            } else if (!documented.equals(LEVELS.get(pkg))) {
                problems.add("package '" + pkg + "' is level " + documented + " in the table but " + LEVELS.get(pkg)
                        + " in LEVELS");
            }
        }
        for (String pkg : table.keySet()) {
            if (!LEVELS.containsKey(pkg)) {
                problems.add("package '" + pkg + "' (level " + table.get(pkg) + " in the table) is not in LEVELS");
            }
        }
        if (!problems.isEmpty()) {
            fail(doc + " level table differs from PackageLevelsTest.LEVELS:\n" + String.join("\n", problems));
        }
    }

    @Test
    void levelTableIsReadFromItsSectionOnly() {
        String md = "# A\n## Package levels\n| level | packages | what |\n|---|---|---|\n| 0 | `util` | x |\n"
                + "| 3 | `data.synth`, `nn` | `not.a.package` is in the third column |\n"
                + "## Other\n| 7 | `fusion` | y |\n";
        List<String> problems = new ArrayList<>();
        Map<String, Integer> t = levelTable(md, problems);
        assertTrue(t.equals(Map.of("util", 0, "data.synth", 3, "nn", 3)) && problems.isEmpty(),
                "read " + t + " " + problems);
        levelTable(md + "## Package levels\n| 4 | `nn` | z |\n", problems);
        assertTrue(problems.size() == 1 && problems.get(0).contains("'nn'"), "a package listed twice: " + problems);
    }

    @Test
    void qualifiedNamesAreFound() {
        String code = "class X { void f() { org.ser4j.app.Ser4j.main(null); String s = \"a\"; } }";
        Matcher q = QUALIFIED.matcher(code);
        assertTrue(q.find() && q.group(1).equals("app"), "org.ser4j.app.Ser4j is read as package app");
        Matcher nested = QUALIFIED.matcher("x = new org.ser4j.data.synth.SynthOptions.Builder();");
        assertTrue(nested.find() && nested.group(1).equals("data.synth"), "the package ends at the first type name");
    }
}
