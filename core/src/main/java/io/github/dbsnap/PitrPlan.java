package io.github.dbsnap;

import io.github.dbsnap.spi.WalSegments;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore to an instant replays: the newest generation that reaches back to it and that
 * generation's segments up to it, which must be complete: index 0 onwards without a hole, and no
 * hole right after the last one taken (its commits could be before the instant).
 */
record PitrPlan(PitrStore.Generation generation, List<PitrStore.Segment> taken) {

    static PitrPlan choose(PitrStore store, String database, Instant at) {
        List<PitrStore.Generation> all = store.generations(database);
        PitrStore.Generation chosen = null;
        for (PitrStore.Generation g : all) {
            if (!g.restorableFrom().isAfter(at)) {
                chosen = g;
            }
        }
        if (chosen == null) {
            if (all.isEmpty()) {
                throw new DbsnapException("there is no point-in-time log of '" + database + "'; it is written only "
                        + "while the host ships it (SNAPSHOTS_MAIN_PITR=1, docs/pitr.md)");
            }
            throw new DbsnapException("no point-in-time log of '" + database + "' reaches back to "
                    + (at.equals(java.time.Instant.MAX) ? "latest" : at) + "; the oldest generation starts at "
                    + all.get(0).restorableFrom());
        }
        List<PitrStore.Segment> taken = new ArrayList<>();
        long expected = 0;
        for (PitrStore.Segment s : chosen.segments()) {
            if (s.time().isAfter(at)) {
                if (s.index() != expected) {
                    throw gap(database, chosen, expected, taken, s);
                }
                break;
            }
            if (s.index() != expected) {
                throw gap(database, chosen, expected, taken, s);
            }
            taken.add(s);
            expected++;
        }
        return new PitrPlan(chosen, List.copyOf(taken));
    }

    private static CorruptSnapshotException gap(String database, PitrStore.Generation g, long missing,
                                                List<PitrStore.Segment> taken, PitrStore.Segment next) {
        Instant after = taken.isEmpty() ? g.restorableFrom() : taken.get(taken.size() - 1).time();
        return new CorruptSnapshotException("the point-in-time log of '" + database + "' has a gap: segment " + missing
                + " of generation " + g.id() + " is missing (its commits were made between " + after + " and "
                + next.time() + "); a restore to this instant would lose them, so it is refused. The live database is "
                + "unchanged; restore to " + after + " or earlier instead");
    }

    WalSegments segments(PitrStore store) {
        return new WalSegments() {
            @Override
            public int size() {
                return taken.size();
            }

            @Override
            public String name(int i) {
                return "'" + taken.get(i).key() + "' (commits read at " + taken.get(i).time() + ")";
            }

            @Override
            public InputStream open(int i) throws IOException {
                PitrStore.Segment seg = taken.get(i);
                Instant before = i == 0 ? generation.restorableFrom() : taken.get(i - 1).time();
                return new java.io.FilterInputStream(store.open(seg)) {
                    @Override
                    public int read() throws IOException {
                        try {
                            return super.read();
                        } catch (IOException | CorruptSnapshotException e) {
                            throw damaged(seg, before, e);
                        }
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            return super.read(b, off, len);
                        } catch (IOException | CorruptSnapshotException e) {
                            throw damaged(seg, before, e);
                        }
                    }
                };
            }
        };
    }

    private static CorruptSnapshotException damaged(PitrStore.Segment seg, Instant before, Exception e) {
        return new CorruptSnapshotException("WAL segment '" + seg.key() + "' is damaged (" + e.getMessage() + "); a restore "
                + "past it is refused and the live database is unchanged; restore to " + before + " or earlier instead", e);
    }

    static PitrWindow window(PitrStore.Generation g) {
        List<PitrStore.Segment> s = g.segments();
        Instant to = g.restorableFrom();
        long bytes = 0;
        long expected = 0;
        for (PitrStore.Segment seg : s) {
            if (seg.index() != expected++) {
                break; // the window ends at a hole
            }
            to = seg.time().isAfter(to) ? seg.time() : to;
            bytes += seg.size();
        }
        return new PitrWindow(g.id(), g.snapshotKey(), g.restorableFrom(), to, s.size(), bytes, g.reason());
    }
}
