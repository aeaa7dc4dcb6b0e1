/**
 * Optimizer pieces the papers use that DJL lacks, for a ticket's optimizer factory: {@link
 * io.ltq.djl.training.NesterovSgd} (Nesterov momentum on every engine) and {@link
 * io.ltq.djl.training.LearningRateSchedule} (linear warmup and drops, by absolute step, so a
 * rewound ticket continues its schedule from step k).
 */
package io.ltq.djl.training;
