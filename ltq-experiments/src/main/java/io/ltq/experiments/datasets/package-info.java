/**
 * Data for the lottery-ticket experiments, read from local files without the internet.
 *
 * <p>{@link io.ltq.experiments.datasets.Datasets} names the data sets ({@code mnist}, {@code
 * fashion-mnist}, {@code cifar10}, {@code synthetic}) and loads one into heap arrays as a {@link
 * io.ltq.experiments.datasets.TrainTestData}; {@link io.ltq.experiments.datasets.DataSplits} holds
 * a seeded validation split out of the training set and serves train, validation and test as DJL
 * {@link ai.djl.training.dataset.RandomAccessDataset}s. Training batches come in the order of a
 * {@link io.ltq.experiments.datasets.SeededShuffleSampler}, a fresh reproducible permutation per
 * epoch. Bad input ends in a {@link io.ltq.experiments.datasets.DataException} whose message names
 * the file and the fix.
 */
package io.ltq.experiments.datasets;
