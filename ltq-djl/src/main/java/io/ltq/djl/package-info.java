/**
 * Lottery tickets on DJL in one object: {@link io.ltq.djl.LotteryTicket} attaches to a {@code
 * DefaultTrainingConfig} (a masking optimizer and a listener, both internal), keeps every pruned
 * weight at exactly 0.0 after every step on PyTorch and MXNet, prunes with any {@code Pruner},
 * and rewinds the survivors to θk.
 */
package io.ltq.djl;
