package io.github.dbsnap.examples.spring;

import io.github.dbsnap.spring.SnapshotRestoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The notes, cached in memory as an application would; reloaded when dbsnap restores the database. */
@Component
public class NotesCache {
    private static final Logger log = LoggerFactory.getLogger(NotesCache.class);
    private final JdbcTemplate jdbc;
    private final AtomicInteger reloads = new AtomicInteger();
    private volatile List<String> notes;

    NotesCache(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.notes = load();
    }

    /** @return the cached notes */
    public List<String> notes() {
        return notes;
    }

    /** @return how many times a restore made the cache reload */
    public int reloads() {
        return reloads.get();
    }

    @EventListener
    void onRestored(SnapshotRestoredEvent event) {
        notes = load();
        reloads.incrementAndGet();
        log.info("Database '{}' restored from {}; {} notes reloaded", event.database(), event.result().snapshot().uri(), notes.size());
    }

    private List<String> load() {
        return jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class);
    }
}
