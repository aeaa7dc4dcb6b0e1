/**
 * Files LTQ writes: atomically, so that a crash never leaves a half-written one ({@link
 * io.ltq.files.AtomicFiles}), float32 tensors in NumPy's {@code .npz} layout ({@link
 * io.ltq.files.Float32Npz}) and the {@code .npy} header it shares with the mask files ({@link
 * io.ltq.files.Npy}).
 */
package io.ltq.files;
