package org.ser4j.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.ser4j.util.BadInputException;

/**
 * Reads RIFF/WAVE files into mono float samples (docs/contracts.md §1).
 *
 * <p>Supported: WAVE_FORMAT_PCM with 8 (unsigned, offset 128), 16, 24 and 32 bits; WAVE_FORMAT_IEEE_FLOAT with 32
 * and 64 bits; WAVE_FORMAT_EXTENSIBLE whose sub-format is one of those. Integer samples are scaled by
 * 1/2^(bits-1), so PCM16 is x/32768, which is what the HuBERT parity fixtures assume. Channels are averaged.
 * Unknown chunks (LIST, fact, cue ...) are skipped, honouring RIFF's pad byte after odd-sized chunks.
 *
 * <p>Float samples must be finite: a NaN or infinite sample (or a float64 sample beyond the float32 range) is bad
 * input, named by its sample (frame) index, so that no NaN reaches features, models or outputs (issue 21).
 *
 * <p>The header must be plausible before any sample is decoded ({@link AudioLimits}): a sample rate within
 * 1 kHz .. 768 kHz and a duration within the configured cap (one hour by default). Both are checked from the header,
 * so a hostile header costs neither decoding time nor memory.
 *
 * <p>Everything wrong with a file becomes a {@link BadInputException} that names the file and the problem.
 */
public final class WavReader {
    private static final int HEADER_PROBE_BYTES = 1 << 16;
    /** The largest byte array the JVM allocates. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private WavReader() {}

    /** Decodes the whole file, downmixed to mono, at its own sample rate, under {@link AudioLimits#current()}. */
    public static Audio read(Path file) {
        return read(file, AudioLimits.current());
    }

    /** Decodes the whole file after its header passed {@code limits}; nothing is allocated for a refused file. */
    public static Audio read(Path file, AudioLimits limits) {
        info(file, limits);
        long size = fileSize(file);
        if (size > MAX_FILE_BYTES) {
            throw bad(file, size + " bytes is too large to decode in memory (at most " + MAX_FILE_BYTES
                    + " bytes); split the file");
        }
        byte[] bytes = readAll(file);
        // Parsed again from the bytes actually read: the file may have changed since the header probe.
        WavInfo info = parseHeader(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length, true,
                limits);
        float[] mono = decode(file, bytes, info);
        return new Audio(mono, info.sampleRate());
    }

    /**
     * Parses only the header (reads at most the first 64 KiB plus the file size), for durations in manifests.
     * A data chunk that claims more bytes than the file holds is reported as truncated.
     */
    public static WavInfo info(Path file) {
        return info(file, AudioLimits.current());
    }

    /** The header of {@code file}, refused unless its sample rate and duration pass {@code limits}. */
    public static WavInfo info(Path file, AudioLimits limits) {
        long size;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(HEADER_PROBE_BYTES);
        } catch (NoSuchFileException e) {
            throw new BadInputException("WAV file " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("WAV file " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parseHeader(file, ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN), size, false, limits);
    }

    /** Decodes WAV bytes already in memory; {@code name} is used in error messages. */
    public static Audio read(byte[] bytes, String name) {
        Path p = Path.of(name);
        WavInfo info = parseHeader(p, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length, true,
                AudioLimits.current());
        return new Audio(decode(p, bytes, info), info.sampleRate());
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("WAV file " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("WAV file " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("WAV file " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("WAV file " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Walks the chunks up to the data chunk. {@code fileSize} is the real size of the file; {@code complete} says
     * whether {@code b} holds the whole file (otherwise the data chunk may lie beyond the probe).
     */
    private static WavInfo parseHeader(Path file, ByteBuffer b, long fileSize, boolean complete,
                                       AudioLimits limits) {
        if (fileSize < 12 || b.limit() < 12) {
            throw bad(file, "not a RIFF/WAVE file (only " + fileSize + " bytes)");
        }
        if (!fourCc(b, 0).equals("RIFF") || !fourCc(b, 8).equals("WAVE")) {
            String what = fourCc(b, 0).equals("RF64") ? "RF64 (not supported; convert to a RIFF WAV)"
                    : "not a RIFF/WAVE file (starts with '" + printable(fourCc(b, 0)) + "'/'"
                    + printable(fourCc(b, 8)) + "')";
            throw bad(file, what);
        }
        int pos = 12;
        int formatTag = -1;
        boolean extensible = false;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        boolean haveFmt = false;
        while (true) {
            if (pos + 8 > fileSize) {
                throw bad(file, haveFmt ? "no 'data' chunk" : "no 'fmt ' chunk");
            }
            if (pos + 8 > b.limit()) {
                throw bad(file, "header chunks run past the first " + b.limit() + " bytes; cannot find 'data'");
            }
            String id = fourCc(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > b.limit()) {
                    throw bad(file, "'fmt ' chunk too short (" + size + " bytes, need 16)");
                }
                int tag = Short.toUnsignedInt(b.getShort(body));
                channels = Short.toUnsignedInt(b.getShort(body + 2));
                sampleRate = b.getInt(body + 4);
                bits = Short.toUnsignedInt(b.getShort(body + 14));
                if (tag == WavInfo.FORMAT_EXTENSIBLE) {
                    extensible = true;
                    if (size < 40 || body + 40 > b.limit()) {
                        throw bad(file, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short (" + size
                                + " bytes, need 40)");
                    }
                    int validBits = Short.toUnsignedInt(b.getShort(body + 18));
                    if (validBits != 0 && validBits > bits) {
                        throw bad(file, "valid bits " + validBits + " exceed container bits " + bits);
                    }
                    // The sub-format GUID begins with the classic format code.
                    tag = Short.toUnsignedInt(b.getShort(body + 24));
                }
                formatTag = tag;
                haveFmt = true;
                checkFormat(file, formatTag, extensible, channels, sampleRate, bits);
            } else if (id.equals("data")) {
                if (!haveFmt) {
                    throw bad(file, "'data' chunk comes before the 'fmt ' chunk");
                }
                WavInfo probe = new WavInfo(formatTag, extensible, channels, sampleRate, bits, 0, body);
                long available = fileSize - body;
                if (size > available) {
                    throw bad(file, "truncated data chunk: header says " + size + " bytes, file holds " + available);
                }
                long frames = size / probe.blockAlign();
                if (frames == 0) {
                    throw bad(file, "zero samples in the data chunk");
                }
                String tooLong = limits.durationProblem(frames, sampleRate);
                if (tooLong != null) {
                    throw bad(file, tooLong);
                }
                if (complete && body + frames * probe.blockAlign() > b.limit()) {
                    throw bad(file, "truncated data chunk");
                }
                return new WavInfo(formatTag, extensible, channels, sampleRate, bits, frames, body);
            }
            long next = body + size + (size & 1);
            if (next > Integer.MAX_VALUE) {
                throw bad(file, "chunk '" + printable(id) + "' of " + size + " bytes is larger than supported");
            }
            pos = (int) next;
        }
    }

    private static void checkFormat(Path file, int tag, boolean extensible, int channels, int rate, int bits) {
        String via = extensible ? " (WAVE_FORMAT_EXTENSIBLE sub-format)" : "";
        switch (tag) {
            case WavInfo.FORMAT_PCM -> {
                if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                    throw bad(file, "unsupported PCM bit depth " + bits + via + "; expected 8, 16, 24 or 32");
                }
            }
            case WavInfo.FORMAT_IEEE_FLOAT -> {
                if (bits != 32 && bits != 64) {
                    throw bad(file, "unsupported IEEE float bit depth " + bits + via + "; expected 32 or 64");
                }
            }
            case 2 -> throw bad(file, "unsupported codec Microsoft ADPCM (format 2)" + via
                    + "; expected PCM or IEEE float");
            case 6 -> throw bad(file, "unsupported codec A-law (format 6)" + via + "; expected PCM or IEEE float");
            case 7 -> throw bad(file, "unsupported codec \u00b5-law (format 7)" + via
                    + "; expected PCM or IEEE float");
            case 0x11 -> throw bad(file, "unsupported codec IMA ADPCM (format 0x11)" + via
                    + "; expected PCM or IEEE float");
            case 0x55 -> throw bad(file, "unsupported codec MPEG layer 3 (format 0x55)" + via
                    + "; expected PCM or IEEE float");
            default -> throw bad(file, "unsupported codec (format 0x" + Integer.toHexString(tag) + ")" + via
                    + "; expected PCM (1) or IEEE float (3)");
        }
        if (channels < 1) {
            throw bad(file, "channel count is " + channels);
        }
        String rateProblem = AudioLimits.sampleRateProblem(rate);
        if (rateProblem != null) {
            throw bad(file, rateProblem);
        }
    }

    private static float[] decode(Path file, byte[] bytes, WavInfo info) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int frames = Math.toIntExact(info.frames());
        int ch = info.channels();
        float[] out = new float[frames];
        int pos = (int) info.dataOffset();
        int bps = info.bytesPerSample();
        boolean isFloat = info.formatTag() == WavInfo.FORMAT_IEEE_FLOAT;
        if (!isFloat && bps == 2 && ch == 1) {
            // Fast path for the common case (IEMOCAP): mono PCM16.
            for (int i = 0; i < frames; i++, pos += 2) {
                out[i] = b.getShort(pos) / 32768f;
            }
            return out;
        }
        float inv = 1f / ch;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < ch; c++, pos += bps) {
                double v = sample(b, pos, bps, isFloat);
                if (isFloat && !Double.isFinite(v)) {
                    throw bad(file, "non-finite sample " + v + " at sample index " + i
                            + (ch == 1 ? "" : " (channel " + c + ")") + "; audio must be finite");
                }
                sum += v;
            }
            out[i] = ch == 1 ? (float) sum : (float) (sum * inv);
            if (isFloat && !Float.isFinite(out[i])) {
                // A finite float64 sample beyond the float32 range.
                throw bad(file, "sample index " + i + " (" + (ch == 1 ? sum : sum * inv)
                        + ") is outside the float32 range; audio must be finite");
            }
        }
        return out;
    }

    private static double sample(ByteBuffer b, int pos, int bps, boolean isFloat) {
        if (isFloat) {
            return bps == 4 ? b.getFloat(pos) : b.getDouble(pos);
        }
        return switch (bps) {
            case 1 -> ((b.get(pos) & 0xFF) - 128) / 128.0;
            case 2 -> b.getShort(pos) / 32768.0;
            case 3 -> {
                int v = (b.get(pos) & 0xFF) | ((b.get(pos + 1) & 0xFF) << 8) | (b.get(pos + 2) << 16);
                yield v / 8388608.0;
            }
            default -> b.getInt(pos) / 2147483648.0;
        };
    }

    private static String fourCc(ByteBuffer b, int pos) {
        if (pos + 4 > b.limit()) {
            return "";
        }
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) (b.get(pos + i) & 0xFF);
        }
        return new String(c);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException("WAV file " + file + ": " + problem);
    }
}
