/**
 * The sweep's index, {@code sweep.json}: {@link io.ltq.spark.index.SweepIndex} with one {@link
 * io.ltq.spark.index.RunEntry} per run.
 */
package io.ltq.spark.index;
