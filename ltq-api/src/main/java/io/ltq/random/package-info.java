/** LTQ's seeded random streams: every draw of a run is derived from its seeds, never an engine's. */
package io.ltq.random;
