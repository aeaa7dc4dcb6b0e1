/**
 * A Spark standalone cluster on loopback, {@link io.ltq.spark.cluster.LoopbackCluster}: the
 * master and workers that {@code ltq cluster} starts for trying a sweep on a cluster, and that
 * ltq-spark's tests sweep on.
 */
package io.ltq.spark.cluster;
