/**
 * Which machine trained a network: {@link io.ltq.experiments.provenance.Provenance}, recorded in
 * {@code run.json} and in every {@code summary.json}, from {@link
 * io.ltq.experiments.provenance.CpuInfo} (the processor and the instruction set the engine's
 * kernels are picked by) and {@link io.ltq.experiments.provenance.EngineBuild} (what the engine
 * says of its native build and threads). PyTorch picks its CPU kernels by instruction set, so the
 * same command gives other bits on another processor; these records make that visible, and never
 * fail a run: what cannot be read is recorded as {@value
 * io.ltq.experiments.provenance.Provenance#UNKNOWN}.
 */
package io.ltq.experiments.provenance;
