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
 * <p>Masks are saved as NumPy bool arrays unless the store is built with {@link
 * MaskFormat#PACKED}, which makes files a third (dense masks) to two thirds (sparse ones) smaller
 * and several times faster to save and load; loading reads either layout, whatever the store's
 * own. Saving is atomic (see {@link NpzMasks#write}); other files in the level folders are left
 * alone. Instances hold no state besides the root and the format and are thread-safe as far as
 * the file system is.
 *
 * <pre>{@code
 * MaskStore store = DirectoryMaskStore.builder(runDir).optFormat(MaskFormat.PACKED).build();
 * }</pre>
 */
public final class DirectoryMaskStore implements MaskStore {

    /** The file name of a level's masks inside its folder. */
    public static final String FILE_NAME = "mask.npz";

    private static final Pattern LEVEL_DIR = Pattern.compile("level_(\\d{2,9})");

    private final Path root;
    private final MaskFormat format;

    private DirectoryMaskStore(Path root, MaskFormat format) {
        this.root = Objects.requireNonNull(root, "root");
        this.format = format;
    }

    /**
     * Returns a store rooted at a run directory that saves bool arrays; nothing is created until
     * the first save.
     *
     * @param root the run directory
     * @return the store
     */
    public static DirectoryMaskStore of(Path root) {
        return new DirectoryMaskStore(root, MaskFormat.BOOL);
    }

    /**
     * Returns a builder for a store rooted at a run directory.
     *
     * @param root the run directory
     * @return a new builder
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Returns the layout this store saves masks in.
     *
     * @return {@link MaskFormat#BOOL} unless built otherwise
     */
    public MaskFormat format() {
        return format;
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
     * Stores the masks of a level atomically in this store's format, creating its folder if
     * needed.
     *
     * @param level the pruning level, 0 for the dense network
     * @param masks the masks
     * @throws IOException when writing fails; a previous file of the level is then left intact
     */
    @Override
    public void save(int level, MaskSet masks) throws IOException {
        NpzMasks.write(path(level), masks, format);
    }

    /**
     * Loads and verifies the masks of a level, in whichever format they were saved.
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
        return "DirectoryMaskStore[" + root + ", " + format + "]";
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

    /** Configures a {@link DirectoryMaskStore}. */
    public static final class Builder {

        private final Path root;
        private MaskFormat format = MaskFormat.BOOL;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * Sets the layout masks are saved in.
         *
         * @param format {@link MaskFormat#BOOL} (default) for arrays {@code numpy.load} returns
         *     as masks, {@link MaskFormat#PACKED} for smaller and faster files
         * @return this builder
         */
        public Builder optFormat(MaskFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Builds the store; nothing is created until the first save.
         *
         * @return the store
         */
        public DirectoryMaskStore build() {
            return new DirectoryMaskStore(root, format);
        }
    }
}
