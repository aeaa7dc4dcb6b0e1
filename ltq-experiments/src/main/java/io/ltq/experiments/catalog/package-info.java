/**
 * What LTQ can run, by name: {@link io.ltq.experiments.catalog.Catalog} finds the networks,
 * datasets, pruning strategies and controls of every {@link
 * io.ltq.experiments.catalog.LtqExtension} on the class path (LTQ's own among them, {@link
 * io.ltq.experiments.catalog.BundledExtension}) and loads classes named on the command line.
 */
package io.ltq.experiments.catalog;
