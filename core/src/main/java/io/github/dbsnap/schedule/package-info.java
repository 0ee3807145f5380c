/**
 * Cron scheduling of snapshots ({@link io.github.dbsnap.schedule.SnapshotScheduler}), retention
 * ({@link io.github.dbsnap.schedule.RetentionPolicy}, {@link io.github.dbsnap.schedule.Pruner}) and
 * the default in-process scheduler lock. See {@code docs/scheduling.md} for the exact semantics.
 */
package io.github.dbsnap.schedule;
