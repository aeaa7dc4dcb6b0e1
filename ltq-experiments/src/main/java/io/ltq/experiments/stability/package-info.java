/**
 * Linear mode connectivity: two copies of a network trained from step k on different data orders
 * and the error along the straight line between them ({@link
 * io.ltq.experiments.stability.InstabilityAnalysis}, {@link
 * io.ltq.experiments.stability.LinearPath}, {@link io.ltq.experiments.stability.Interpolation}).
 */
package io.ltq.experiments.stability;
