package io.ltq.mask;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link MaskStore} that keeps each level in its own folder of a run directory: level {@code L}
 * lives in {@code root/level_LL/mask.npz} ({@code level_03}, {@code level_20}, {@code level_100}),
 * written with {@link NpzMasks}, so the masks of a run can be opened with {@code numpy.load}.
 *
 * <p>Saving is atomic (see {@link NpzMasks#write}); other files in the level folders are left
 * alone. Instances hold no state besides the root and are thread-safe as far as the file system
 * is.
 */
public final class DirectoryMaskStore implements MaskStore {

    /** The file name of a level's masks inside its folder. */
    public static final String FILE_NAME = "mask.npz";

    private static final Pattern LEVEL_DIR = Pattern.compile("level_(\\d{2,9})");

    private final Path root;

    private DirectoryMaskStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * Returns a store rooted at a run directory; nothing is created until the first save.
     *
     * @param root the run directory
     * @return the store
     */
    public static DirectoryMaskStore of(Path root) {
        return new DirectoryMaskStore(root);
    }

    /**
     * Returns the run directory.
     *
     * @return the root given to {@link #of(Path)}
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the folder of a level: {@code root/level_%02d}.
     *
     * @param level the pruning level, 0 or more
     * @return the folder, whether or not it exists
     */
    public Path levelDirectory(int level) {
        checkLevel(level);
        return root.resolve(folderName(level));
    }

    /**
     * Returns the mask file of a level: {@code root/level_%02d/mask.npz}.
     *
     * @param level the pruning level, 0 or more
     * @return the file, whether or not it exists
     */
    public Path path(int level) {
        return levelDirectory(level).resolve(FILE_NAME);
    }

    /**
     * Stores the masks of a level atomically, creating its folder if needed.
     *
     * @param level the pruning level, 0 for the dense network
     * @param masks the masks
     * @throws IOException when writing fails; a previous file of the level is then left intact
     */
    @Override
    public void save(int level, MaskSet masks) throws IOException {
        NpzMasks.write(path(level), masks);
    }

    /**
     * Loads and verifies the masks of a level.
     *
     * @param level the pruning level
     * @return the masks
     * @throws NoSuchFileException when the level was never saved
     * @throws CorruptMaskException when the file is damaged; its message says to delete the level
     *     folder and rerun
     * @throws IOException when reading fails otherwise
     */
    @Override
    public MaskSet load(int level) throws IOException {
        return NpzMasks.read(
                path(level),
                "delete the " + folderName(level) + " folder and rerun to recompute it");
    }

    /**
     * Returns whether a level's mask file exists; it is not read or verified.
     *
     * @param level the pruning level
     * @return {@code true} when {@code root/level_LL/mask.npz} is a regular file
     */
    @Override
    public boolean contains(int level) {
        return level >= 0 && Files.isRegularFile(path(level));
    }

    /**
     * Lists the levels whose folder holds a mask file, ignoring other files and folders (and
     * the temporary files of saves in progress).
     *
     * @return the levels in increasing order; empty when the root does not exist
     * @throws IOException when the root cannot be listed
     */
    @Override
    public List<Integer> levels() throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                Matcher m = LEVEL_DIR.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                int level = Integer.parseInt(m.group(1));
                // Only the canonical spelling counts, so level_3 or level_003 are not level 3.
                if (name.equals(folderName(level)) && Files.isRegularFile(d.resolve(FILE_NAME))) {
                    out.add(level);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public String toString() {
        return "DirectoryMaskStore[" + root + "]";
    }

    private static String folderName(int level) {
        return String.format(Locale.ROOT, "level_%02d", level);
    }

    private static void checkLevel(int level) {
        if (level < 0) {
            throw new IllegalArgumentException(
                    "Pruning level " + level + " is negative: levels start at 0 for the dense"
                            + " network.");
        }
    }
}
