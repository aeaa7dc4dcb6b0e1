/**
 * LTQ's machinery inside DJL training, not for direct use: the masking optimizer a {@link
 * io.ltq.djl.LotteryTicket} installs ({@link io.ltq.djl.internal.MaskedOptimizer}), the mask
 * arrays it keeps on each device, and array copies that bypass autograd. Like DJL's own {@code
 * internal} packages, its types are public only so that LTQ's packages can share them; they may
 * change without notice. Use {@link io.ltq.djl.LotteryTicket}.
 */
package io.ltq.djl.internal;
