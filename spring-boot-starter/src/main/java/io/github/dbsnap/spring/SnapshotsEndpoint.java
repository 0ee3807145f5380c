package io.github.dbsnap.spring;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotNotFoundException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.status.StatusTracker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code snapshots} actuator endpoint: {@code GET /actuator/snapshots[?database=main]} lists snapshots
 * (newest first) with each database's status; {@code POST /actuator/snapshots/create} with
 * {@code {"database":"main"}} takes one; {@code POST /actuator/snapshots/restore} with
 * {@code {"uri":"…","database":"main"}} restores one. Without a configured service it only says so.
 * Exposed and secured like every actuator endpoint ({@code management.endpoints.web.exposure.include},
 * {@code management.endpoint.snapshots.access}, Spring Security).
 */
@Endpoint(id = "snapshots")
public class SnapshotsEndpoint {
    private final ObjectProvider<SnapshotService> service;
    private final ObjectProvider<StatusTracker> tracker;

    /**
     * @param service the service, when one is configured
     * @param tracker the status tracker, when there is one
     */
    public SnapshotsEndpoint(ObjectProvider<SnapshotService> service, ObjectProvider<StatusTracker> tracker) {
        this.service = service;
        this.tracker = tracker;
    }

    /** @return the snapshots of one or every database, newest first, and each database's status */
    @ReadOperation
    public Map<String, Object> snapshots(@Nullable String database) {
        Map<String, Object> out = new LinkedHashMap<>();
        SnapshotService s = service.getIfUnique();
        out.put("configured", s != null);
        if (s == null) {
            out.put("hint", "dbsnap is not configured: set dbsnap.main.url (or give the application a DataSource) "
                    + "and dbsnap.storage.provider");
            return out;
        }
        out.put("databases", new TreeSet<>(s.databases()));
        StatusTracker t = tracker.getIfUnique();
        if (t != null) {
            out.put("status", t.status().toMap());
        }
        List<SnapshotInfo> list = database == null ? s.list() : s.list(configured(s, database));
        out.put("snapshots", list);
        return out;
    }

    /**
     * {@code create} takes a snapshot of {@code database} (default: the only database, else required);
     * {@code restore} restores {@code uri} into {@code database} (default: the snapshot's own).
     *
     * @return 201 with the snapshot, 200 with the restore, 400 for a bad request, 404 for an unknown snapshot
     */
    @WriteOperation
    public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable String database, @Nullable String uri) {
        SnapshotService s = service.getIfUnique();
        if (s == null) {
            return new WebEndpointResponse<>(Map.of("error", "dbsnap is not configured"), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        try {
            return switch (operation) {
                case "create" -> new WebEndpointResponse<>(s.create(configured(s, database != null ? database : only(s))), 201);
                case "restore" -> {
                    if (uri == null || uri.isBlank()) {
                        throw bad("missing 'uri' of the snapshot to restore");
                    }
                    yield new WebEndpointResponse<>(database == null ? s.restore(uri) : s.restore(configured(s, database), uri));
                }
                default -> throw bad("unknown operation '"
                        + operation.replaceAll("\\p{Cntrl}", "?") + "'; use create or restore");
            };
        } catch (SnapshotNotFoundException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), WebEndpointResponse.STATUS_NOT_FOUND);
        } catch (ConfigurationException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }

    private static String only(SnapshotService s) {
        if (s.databases().size() != 1) {
            throw bad("missing 'database'; configured: "
                    + String.join(", ", new TreeSet<>(s.databases())));
        }
        return s.databases().iterator().next();
    }

    private static String configured(SnapshotService s, String database) {
        if (!s.databases().contains(database)) {
            throw bad("unknown database '"
                    + database.replaceAll("\\p{Cntrl}", "?") + "'; configured: " + String.join(", ", new TreeSet<>(s.databases())));
        }
        return database;
    }

    /** The reason is what the client reads (400); the same text serves as the message. */
    private static InvalidEndpointRequestException bad(String reason) {
        return new InvalidEndpointRequestException(reason, reason);
    }
}
