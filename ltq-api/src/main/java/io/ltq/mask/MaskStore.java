package io.ltq.mask;

import java.io.IOException;
import java.util.List;

/**
 * Keeps the {@link MaskSet} of every pruning level of a run.
 *
 * <p>Saving is atomic: after a crash a level is either fully stored or absent. Loading checks
 * that the stored data is what was written and fails with a {@link CorruptMaskException} that
 * names the file otherwise.
 */
public interface MaskStore {

    /**
     * Stores the masks of a level, replacing what was there.
     *
     * @param level the pruning level, 0 for the dense network
     * @param masks the masks
     * @throws IOException when writing fails
     */
    void save(int level, MaskSet masks) throws IOException;

    /**
     * Loads the masks of a level.
     *
     * @param level the pruning level
     * @return the masks
     * @throws IOException when reading fails; {@link CorruptMaskException} when the stored data
     *     is damaged, {@link java.nio.file.NoSuchFileException} when the level was never saved
     */
    MaskSet load(int level) throws IOException;

    /**
     * Returns whether a level is stored.
     *
     * @param level the pruning level
     * @return {@code true} when {@link #load(int)} can find it
     */
    boolean contains(int level);

    /**
     * Returns the stored levels in increasing order.
     *
     * @return the levels
     * @throws IOException when listing fails
     */
    List<Integer> levels() throws IOException;
}
