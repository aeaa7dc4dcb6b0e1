/**
 * The rewinding contract of the lottery ticket hypothesis, independent of any engine: capture the
 * weights θk at step k, reset the survivors to them ({@code θ := m ⊙ θk}), or draw fresh weights
 * for the reinitialization control. {@code io.ltq.djl.rewind.NDArrayRewinder} implements it on
 * DJL.
 */
package io.ltq.rewind;
