/**
 * The sweep's driver: {@link io.ltq.spark.driver.Sweep} plans the runs and where they go
 * ({@code SweepPlan}, {@link io.ltq.spark.driver.SparkMaster}), configures Spark ({@link
 * io.ltq.spark.driver.SparkSettings}), submits one job per run and follows them ({@code
 * SweepRunner}, {@code TaskEvents}), and prints progress ({@link
 * io.ltq.spark.driver.SweepConsole}).
 */
package io.ltq.spark.driver;
