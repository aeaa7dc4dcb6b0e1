/**
 * A sweep's grid: {@link io.ltq.spark.grid.Grid} (options with alternatives, checked against the
 * command's own picocli options, expanded into {@link io.ltq.spark.grid.SweepRun}s named after
 * what differs), read from the command line ({@link io.ltq.spark.grid.GridArguments}) or from a
 * JSON file ({@link io.ltq.spark.grid.GridFile}).
 */
package io.ltq.spark.grid;
