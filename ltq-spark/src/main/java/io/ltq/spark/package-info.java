/**
 * {@code ltq sweep}: grids of lottery-ticket runs on Apache Spark, embedded in local mode by
 * default or on a cluster. {@link io.ltq.spark.SweepCommand} reads the command line and joins
 * {@code ltq} through {@link io.ltq.experiments.cli.LtqSubcommand}; the work is in {@link
 * io.ltq.spark.driver}, the grid in {@link io.ltq.spark.grid}, the index in {@link
 * io.ltq.spark.index} and what runs on the executors in {@link io.ltq.spark.task}. A project that
 * depends on {@code ltq-djl} alone never sees Spark.
 */
package io.ltq.spark;
