/**
 * {@code ltq export}: a ticket as something a DJL program uses. A structured ticket becomes a
 * compact model folder ({@link io.ltq.experiments.export.TicketExport} writes it and checks it
 * computes what the masked network computes; {@link io.ltq.experiments.export.ExportedTicket}
 * rebuilds its block for DJL's {@code Model.load}); an unstructured ticket becomes sparse CSR
 * tensors SciPy reads ({@link io.ltq.experiments.export.SparseNpz}).
 */
package io.ltq.experiments.export;
