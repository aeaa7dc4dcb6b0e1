/**
 * Initialization drawn in Java from LTQ's seeded streams ({@link
 * io.ltq.djl.init.PortableInitializer}), the same on every engine and device.
 */
package io.ltq.djl.init;
