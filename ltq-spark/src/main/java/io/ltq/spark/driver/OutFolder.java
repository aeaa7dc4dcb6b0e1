package io.ltq.spark.driver;

import io.ltq.experiments.UserMistakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Checks a sweep's {@code --out}: a folder that can be created and written, here and, on a
 * cluster, on every executor (a mount they all share), by writing and deleting a probe file.
 */
final class OutFolder {

    private OutFolder() {}

    /**
     * Returns what keeps a folder from being used, after making it if it is missing.
     *
     * @param out the folder
     * @return {@code null} when it can be written, else the problem in a few words
     */
    static String problem(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            return "is a file, not a folder";
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            return "cannot be created (" + describe(e) + ")";
        }
        Path probe = out.resolve(".ltq-write-probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            return "is not writable (" + describe(e) + ")";
        }
        return null;
    }

    /**
     * Makes sure this machine can write the folder.
     *
     * @param out the folder
     * @throws UserMistakeException naming the problem and the fix
     */
    static void checkHere(Path out) {
        String problem = problem(out);
        if (problem != null) {
            throw new UserMistakeException("--out " + out + " " + problem + ": choose a"
                    + " folder you can write, e.g. runs/" + out.getFileName() + ".");
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replaceAll("Exception$", "");
        return m == null ? kind : kind + ": " + m;
    }
}
