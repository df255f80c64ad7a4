package org.ser4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.ser4j.util.AtomicFiles;

/**
 * Pooled FE outputs for intermediate fusion (docs/contracts.md §4): {@code fold-<k>-<split>.npy}, float32 [N, D] in NumPy's
 * .npy v1.0 format, and {@code fold-<k>-<split>.csv} with the utt_id of each row.
 */
final class EmbeddingFiles {
    private EmbeddingFiles() {}

    static void write(Path dir, int fold, String split, List<Example> examples, float[][] rows) throws IOException {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        String padded = header + " ".repeat(pad) + "\n";
        byte[] h = padded.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length).put(h);
        for (float[] r : rows) {
            for (float v : r) {
                b.putFloat(v);
            }
        }
        String base = "fold-" + fold + "-" + split;
        AtomicFiles.writeBytes(dir.resolve(base + ".npy"), b.array());
        StringBuilder csv = new StringBuilder("utt_id\n");
        for (Example e : examples) {
            csv.append(e.uttId()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(base + ".csv"), csv.toString());
    }

    /** Reads a float32 [N, D] .npy written by {@link #write}. */
    static float[][] readNpy(Path file) throws IOException {
        byte[] all = java.nio.file.Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = b.getShort(8) & 0xffff;
        String header = new String(all, 10, headerLen, StandardCharsets.US_ASCII);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+), (\\d+)\\)").matcher(header);
        if (!header.contains("'<f4'") || !m.find()) {
            throw new IOException(file + ": expected a float32 [N, D] .npy, header " + header.trim());
        }
        int n = Integer.parseInt(m.group(1));
        int d = Integer.parseInt(m.group(2));
        b.position(10 + headerLen);
        float[][] out = new float[n][d];
        for (float[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = b.getFloat();
            }
        }
        return out;
    }

    static List<String> readIds(Path csv) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        return List.copyOf(lines.subList(1, lines.size()));
    }
}
