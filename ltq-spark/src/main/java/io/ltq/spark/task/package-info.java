/**
 * What runs on Spark's executors: {@link io.ltq.spark.task.RunTask}, the task of one run, which
 * starts {@code ltq lottery} in a JVM of its own ({@link io.ltq.spark.task.ChildJvm}, {@link
 * io.ltq.spark.task.ChildMain}) and reports a {@link io.ltq.spark.task.RunOutcome}, or fails with
 * a {@link io.ltq.spark.task.RunDiedException} so that Spark retries it.
 */
package io.ltq.spark.task;
