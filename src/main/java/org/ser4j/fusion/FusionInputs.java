package org.ser4j.fusion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ser4j.eval.AlignedPredictions;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.SystemInfo;
import org.ser4j.eval.TestColumn;
import org.ser4j.util.BadInputException;

/**
 * The system folders taking part in a fusion (docs/contracts.md §4, §6), ordered by path: that order defines member indices
 * and breaks subset ties. Optionally restricted to one test column (corpus, language).
 */
public final class FusionInputs {
    private final List<Path> dirs;
    private final List<SystemInfo> infos;
    private final List<PredictionTable> tables;
    private final TestColumn column;

    private FusionInputs(List<Path> dirs, List<SystemInfo> infos, List<PredictionTable> tables, TestColumn column) {
        this.dirs = dirs;
        this.infos = infos;
        this.tables = tables;
        this.column = column;
    }

    public static FusionInputs load(List<Path> systemDirs) {
        return load(systemDirs, null);
    }

    /** Loads the folders; {@code column} null keeps every test row. */
    public static FusionInputs load(List<Path> systemDirs, TestColumn column) {
        if (systemDirs.isEmpty()) {
            throw new BadInputException("no system folders given");
        }
        List<Path> dirs = new ArrayList<>(systemDirs.stream().map(Path::normalize).distinct().toList());
        dirs.sort(Comparator.comparing(Path::toString));
        List<SystemInfo> infos = new ArrayList<>();
        List<PredictionTable> tables = new ArrayList<>();
        for (Path d : dirs) {
            Path info = d.resolve(RunLayout.SYSTEM);
            Path pred = d.resolve(RunLayout.PREDICTIONS);
            if (!Files.isRegularFile(info) || !Files.isRegularFile(pred)) {
                throw new BadInputException(d + ": not a system folder (expected system.json and predictions.csv)");
            }
            infos.add(SystemInfo.read(info));
            PredictionTable t = PredictionTable.read(pred);
            if (column != null) {
                t = t.column(column);
                if (t.size() == 0) {
                    throw new BadInputException(pred + ": no rows of corpus/language " + column);
                }
            }
            tables.add(t);
        }
        return new FusionInputs(List.copyOf(dirs), List.copyOf(infos), List.copyOf(tables), column);
    }

    /** Inputs already read (for reports that hold the tables); sorted by path like {@link #load}. */
    public static FusionInputs of(List<Path> dirs, List<SystemInfo> infos, List<PredictionTable> tables,
                                  TestColumn column) {
        Integer[] order = new Integer[dirs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparing(i -> dirs.get(i).normalize().toString()));
        List<Path> d = new ArrayList<>();
        List<SystemInfo> in = new ArrayList<>();
        List<PredictionTable> t = new ArrayList<>();
        for (int i : order) {
            d.add(dirs.get(i).normalize());
            in.add(infos.get(i));
            t.add(column == null ? tables.get(i) : tables.get(i).column(column));
        }
        return new FusionInputs(List.copyOf(d), List.copyOf(in), List.copyOf(t), column);
    }

    public List<Path> dirs() {
        return dirs;
    }

    public List<String> names() {
        return dirs.stream().map(Path::toString).toList();
    }

    public List<SystemInfo> infos() {
        return infos;
    }

    public List<PredictionTable> tables() {
        return tables;
    }

    public TestColumn column() {
        return column;
    }

    public int size() {
        return dirs.size();
    }

    public AlignedPredictions test() {
        return AlignedPredictions.of(names(), tables, "test");
    }

    public boolean hasDev() {
        return tables.stream().allMatch(t -> t.rows().stream().anyMatch(r -> r.split().equals("dev")));
    }

    public AlignedPredictions dev() {
        if (!hasDev()) {
            throw new BadInputException("protocol dev needs dev rows (split=dev) in every predictions.csv; "
                    + "at least one system has none");
        }
        return AlignedPredictions.of(names(), tables, "dev");
    }

    /** "5 vanilla + 3 mtl + 1 dann": the modes of the members, in the order of {@link SystemInfo#MODES}. */
    public String composition(int[] members) {
        StringBuilder sb = new StringBuilder();
        for (String mode : SystemInfo.MODES) {
            long count = java.util.Arrays.stream(members).filter(m -> infos.get(m).mode().equals(mode)).count();
            if (count > 0) {
                sb.append(sb.length() == 0 ? "" : " + ").append(count).append(' ').append(mode);
            }
        }
        return sb.toString();
    }
}
