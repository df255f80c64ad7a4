package org.ser4j.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.audio.AudioScan;
import org.ser4j.data.Manifest;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Csv;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ser4j corpus check}: decodes every file of a manifest and reports all unreadable ones (exit 2 if any), or
 * stops at the first with {@code --fail-fast}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Decode every audio file of a manifest and report the unreadable ones (exit code 2 if any).")
public final class CorpusCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "canonical manifest CSV")
    Path manifest;

    @Option(names = "--root", paramLabel = "DIR", description = "corpus root (default: the manifest's folder)")
    Path root;

    @Option(names = "--fail-fast", description = "stop at the first unreadable file")
    boolean failFast;

    @Option(names = "--report", paramLabel = "FILE", description = "also write the bad files as CSV path,problem")
    Path report;

    @Override
    public Integer call() throws Exception {
        Manifest m = root == null ? Manifest.read(manifest) : Manifest.read(manifest, root);
        List<Path> files = m.rows().stream().map(m::audioPath).toList();
        AudioScan.Report r = AudioScan.scan(files, failFast);
        var o = spec.commandLine().getOut();
        for (AudioScan.BadFile b : r.bad()) {
            o.println("BAD " + b.problem());
        }
        o.printf("checked %d files (%.1f h of audio): %d unreadable%n", r.checked(), r.totalSeconds() / 3600,
                r.bad().size());
        o.flush();
        if (report != null) {
            StringBuilder sb = new StringBuilder("path,problem\n");
            for (AudioScan.BadFile b : r.bad()) {
                sb.append(Csv.line(List.of(b.file().toString(), b.problem()))).append('\n');
            }
            AtomicFiles.writeString(report, sb.toString());
        }
        return r.ok() ? 0 : 2;
    }
}
