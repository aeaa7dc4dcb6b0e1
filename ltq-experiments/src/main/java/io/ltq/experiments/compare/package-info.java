/**
 * Comparing tickets and runs without training: {@link
 * io.ltq.experiments.compare.TicketDistances} (each level's ticket against the dense trained
 * network: distance, cosine, error barrier) and {@link io.ltq.experiments.compare.RunComparison}
 * (runs side by side against the first: masks, weights where levels start and end, accuracy).
 */
package io.ltq.experiments.compare;
