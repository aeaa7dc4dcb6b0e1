/**
 * The networks of the lottery-ticket experiments as DJL {@link ai.djl.nn.Block}s.
 *
 * <p>Each network has a small factory with a DJL-style builder ({@link
 * io.ltq.experiments.models.LeNet300100}, {@link io.ltq.experiments.models.ConvNet}, {@link
 * io.ltq.experiments.models.CifarResNet}, {@link io.ltq.experiments.models.CifarVgg}); {@link
 * io.ltq.experiments.models.Networks} lists them by command-line name with the input shape and
 * number of classes each expects. Every network ends in a {@link ai.djl.nn.core.Linear} named
 * {@value io.ltq.experiments.models.Networks#OUTPUT_LAYER}, the last {@code Linear} in parameter
 * order, which the pruning code treats as the output layer.
 */
package io.ltq.experiments.models;
