package io.ltq.djl.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.ltq.mask.Mask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The masks of a ticket's parameters and their 0/1 arrays on the engine, made once per mask and
 * device and reused by every step, rewind and re-application until the mask changes.
 *
 * <p>Keys are {@link ai.djl.nn.Parameter#getId()}, the key DJL's parameter servers pass to the
 * optimizer. Parameters without pruned weights have no entry, so nothing is done for them. The
 * arrays belong to the cache (they are detached from every manager) and are freed when their mask
 * is replaced or the cache is closed. Thread-safe: parameter servers may update several
 * parameters at once.
 */
public final class MaskArrayCache implements AutoCloseable {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Sets the mask of one parameter. Setting a mask equal to the current one keeps its arrays.
     *
     * @param parameterId the parameter id
     * @param mask the mask; {@code null} or a mask without pruned weights removes the entry
     */
    public void set(String parameterId, Mask mask) {
        if (mask == null || mask.countPruned() == 0) {
            Entry old = entries.remove(parameterId);
            if (old != null) {
                old.close();
            }
            return;
        }
        Entry current = entries.get(parameterId);
        if (current != null && (current.mask == mask || current.mask.equals(mask))) {
            return;
        }
        Entry old = entries.put(parameterId, new Entry(mask));
        if (old != null) {
            old.close();
        }
    }

    /**
     * Returns the mask of a parameter.
     *
     * @param parameterId the parameter id
     * @return the mask, or {@code null} when the parameter has no pruned weights
     */
    public Mask get(String parameterId) {
        Entry e = entries.get(parameterId);
        return e == null ? null : e.mask;
    }

    /**
     * Returns the 0/1 array of a parameter's mask on the device of an array it will multiply, in
     * that array's data type, creating it on first use.
     *
     * @param parameterId the parameter id
     * @param like an array of the parameter (its device, type and engine are used)
     * @return the mask array, owned by this cache, or {@code null} when the parameter has no
     *     pruned weights
     */
    public NDArray array(String parameterId, NDArray like) {
        Entry e = entries.get(parameterId);
        return e == null ? null : e.array(like);
    }

    /**
     * Returns the cached array of a parameter only if the cache holds exactly this mask for it,
     * for callers that are handed masks from elsewhere.
     *
     * @param parameterId the parameter id
     * @param mask the mask the caller wants to apply
     * @param like an array of the parameter
     * @return the mask array owned by this cache, or {@code null} when the cache holds another
     *     mask (or none) for the parameter
     */
    public NDArray arrayIfCurrent(String parameterId, Mask mask, NDArray like) {
        Entry e = entries.get(parameterId);
        if (e == null || (e.mask != mask && !e.mask.equals(mask))) {
            return null;
        }
        return e.array(like);
    }

    /** Frees every array and forgets every mask. */
    @Override
    public void close() {
        entries.values().forEach(Entry::close);
        entries.clear();
    }

    private static final class Entry {

        private final Mask mask;
        // One array per device, in the parameter's data type (which DJL never changes during
        // training); a single-device run has one.
        private final Map<Device, NDArray> arrays = new ConcurrentHashMap<>();
        private volatile boolean closed;

        Entry(Mask mask) {
            this.mask = mask;
        }

        NDArray array(NDArray like) {
            return arrays.computeIfAbsent(
                    like.getDevice(),
                    d -> {
                        NDArray a = MaskArrays.create(like.getManager(), mask, like.getDataType());
                        // The manager of an array handed to an optimizer may close right after
                        // the update (MXNet's parameter server).
                        a.detach();
                        return a;
                    });
        }

        void close() {
            if (!closed) {
                closed = true;
                arrays.values().forEach(NDArray::close);
                arrays.clear();
            }
        }
    }
}
