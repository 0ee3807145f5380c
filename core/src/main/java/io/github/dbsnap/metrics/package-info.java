/**
 * Micrometer metrics for snapshots. The only package of {@code dbsnap-core} that uses Micrometer,
 * an optional dependency: hosts without Micrometer on the class path never load it.
 */
package io.github.dbsnap.metrics;
