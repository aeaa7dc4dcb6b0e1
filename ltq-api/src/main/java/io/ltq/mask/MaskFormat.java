package io.ltq.mask;

/**
 * How {@link NpzMasks} lays out each tensor's mask inside the {@code .npz} file. Reading needs no
 * choice: the file says which layout it holds.
 */
public enum MaskFormat {

    /**
     * One NumPy bool per weight, in the tensor's shape: {@code numpy.load(path)[name]} is the mask
     * itself. About 0.19 bytes per weight on disk at 50% density, 0.10 at 5%. The default.
     */
    BOOL,

    /**
     * Eight weights per byte, as {@code numpy.packbits(mask.ravel())} gives them (first weight in
     * the high bit), in a {@code uint8} array of {@code ceil(n / 8)} bytes. NumPy unpacks it with
     * {@code numpy.unpackbits(a, count=n).reshape(shape).astype(bool)}, taking {@code shape} from
     * the entry's ZIP comment (see {@link NpzMasks}). About 0.125 bytes per weight at 50% density,
     * 0.04 at 5%, and several times faster to save and load than {@link #BOOL}.
     */
    PACKED
}
