/**
 * Status and health of each database's snapshots: {@link io.github.dbsnap.status.StatusTracker}
 * listens to a {@link io.github.dbsnap.SnapshotService} and a
 * {@link io.github.dbsnap.schedule.SnapshotScheduler} and answers
 * {@link io.github.dbsnap.status.StatusTracker#status()} in-process.
 */
package io.github.dbsnap.status;
