package io.ltq.experiments.report;

import io.ltq.experiments.lottery.RunFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the runs a folder given to {@code ltq report} stands for: the folder itself when it is a
 * run (it has a {@code run.json}), else the runs one level below it, as {@code ltq sweep} lays
 * them out. Runs of a sweep come in natural order of their names ({@code seed-2} before {@code
 * seed-10}); those that have not finished a level yet are left out, so a sweep in progress can be
 * reported on.
 */
final class RunFolders {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private RunFolders() {}

    /**
     * Returns the run folders a given folder stands for.
     *
     * @param folder a run folder or a folder of runs
     * @return the folder itself, or the runs below it with a finished level; when there are none,
     *     one folder whose reading names what is wrong
     * @throws IOException when the folder cannot be listed
     */
    static List<Path> expand(Path folder) throws IOException {
        if (!Files.isDirectory(folder) || Files.exists(folder.resolve("run.json"))) {
            return List.of(folder);
        }
        List<Path> runs = new ArrayList<>();
        List<Path> started = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(),
                            RunFolders::natural))
                    .toList()) {
                if (Files.exists(child.resolve("run.json"))) {
                    (Files.exists(child.resolve(RunFiles.level(0)).resolve(RunFiles.SUMMARY))
                            ? runs : started)
                            .add(child);
                }
            }
        }
        // With nothing finished anywhere, reading the first run says so.
        return !runs.isEmpty() ? runs : !started.isEmpty() ? List.of(started.get(0))
                : List.of(folder);
    }

    /** Compares names with their digit runs as numbers: seed-2 before seed-10. */
    static int natural(String a, String b) {
        Matcher ma = NUMBER.matcher(a);
        Matcher mb = NUMBER.matcher(b);
        int ia = 0;
        int ib = 0;
        while (ma.find(ia) && mb.find(ib)) {
            int c = a.substring(ia, ma.start()).compareTo(b.substring(ib, mb.start()));
            if (c != 0) {
                return c;
            }
            c = new BigInteger(ma.group()).compareTo(new BigInteger(mb.group()));
            if (c != 0) {
                return c;
            }
            ia = ma.end();
            ib = mb.end();
        }
        int c = a.substring(ia).compareTo(b.substring(ib));
        return c != 0 ? c : a.compareTo(b);
    }
}
