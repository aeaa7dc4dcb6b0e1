/** Writing files so that a crash never leaves a half-written one: {@link io.ltq.files.AtomicFiles}. */
package io.ltq.files;
