package io.github.dbsnap.redis;

/** Where restored keys go: one connection's database, or the primaries of a cluster. */
interface KeySink {
    void add(KeyRecord r);

    /** Sends what is queued and waits for it. @return keys restored */
    long finish();

    /** @return keys restored so far */
    long restored();
}
