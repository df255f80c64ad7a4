package org.ser4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every code cell of every notebook in {@code notebooks/}, in order, in one JShell per notebook on the test
 * class path (JShell's in-process "local" engine), so the notebooks fail the build as soon as an API they use
 * changes. A snippet that is rejected, left with unresolved references, or throws fails the test with the cell
 * number and JShell's diagnostics.
 */
class NotebooksTest {
    static final Path NOTEBOOKS = Path.of("notebooks");

    static Stream<Path> notebooks() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            List<Path> list = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
            assertFalse(list.isEmpty(), "notebooks/ holds no .ipynb file");
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void everyCodeCellRunsInJShell(Path notebook) throws Exception {
        JsonNode nb = new ObjectMapper().readTree(notebook.toFile());
        assertEquals("java", nb.path("metadata").path("kernelspec").path("name").asText(), notebook + " kernelspec");
        assertEquals("java", nb.path("metadata").path("kernelspec").path("language").asText(), notebook + " language");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        try (JShell js = JShell.builder().executionEngine("local").out(out).err(out).build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                js.addToClasspath(entry);
            }
            int cellNo = 0;
            int codeCells = 0;
            for (JsonNode cell : nb.path("cells")) {
                cellNo++;
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                codeCells++;
                StringBuilder src = new StringBuilder();
                cell.path("source").forEach(l -> src.append(l.asText()));
                runCell(js, notebook, cellNo, src.toString(), console);
            }
            assertFalse(codeCells == 0, notebook + " has no code cells");
        }
    }

    private static void runCell(JShell js, Path notebook, int cellNo, String source, ByteArrayOutputStream console) {
        String remaining = source;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = js.sourceCodeAnalysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> { }
                case EMPTY -> {
                    return;
                }
                default -> fail(notebook + " cell " + cellNo + ": incomplete Java (" + info.completeness() + "): "
                        + remaining);
            }
            remaining = info.remaining();
            for (SnippetEvent e : js.eval(info.source())) {
                Snippet s = e.snippet();
                String where = notebook + " cell " + cellNo + ", snippet `" + firstLine(s.source()) + "`";
                if (e.status() == Snippet.Status.REJECTED || e.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    String diags = js.diagnostics(s).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                    List<String> unresolved = new ArrayList<>();
                    if (s instanceof jdk.jshell.DeclarationSnippet d) {
                        js.unresolvedDependencies(d).forEach(unresolved::add);
                    }
                    fail(where + ": " + e.status() + " " + diags + (unresolved.isEmpty() ? "" : " unresolved "
                            + unresolved));
                }
                if (e.exception() != null) {
                    Throwable t = e.exception();
                    String type = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
                    fail(where + " threw " + type + ": " + t.getMessage() + "\n--- output so far ---\n"
                            + console.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }
}
