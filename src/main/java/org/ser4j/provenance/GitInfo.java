package org.ser4j.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.ser4j.util.Sha256;

/**
 * The source state a run was made from. {@code dirty} = uncommitted changes; then {@code diffSha256} identifies them.
 * Fields are null when the folder is not a git work tree or git is missing (recorded, not fatal).
 */
public record GitInfo(String commit, String branch, Boolean dirty, String diffSha256) {

    public static GitInfo unknown() {
        return new GitInfo(null, null, null, null);
    }

    /** Asks {@code git} in {@code dir}; never throws. */
    public static GitInfo of(Path dir) {
        String commit = run(dir, "git", "rev-parse", "HEAD");
        if (commit == null) {
            return unknown();
        }
        String branch = run(dir, "git", "rev-parse", "--abbrev-ref", "HEAD");
        String status = run(dir, "git", "status", "--porcelain", "--untracked-files=no");
        boolean dirty = status != null && !status.isBlank();
        String diffHash = null;
        if (dirty) {
            String diff = run(dir, "git", "diff", "HEAD");
            diffHash = diff == null ? null : Sha256.hex(diff);
        }
        return new GitInfo(commit.trim(), branch == null ? null : branch.trim(), dirty, diffHash);
    }

    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            p.getErrorStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
