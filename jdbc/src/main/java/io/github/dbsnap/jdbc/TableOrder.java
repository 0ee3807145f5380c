package io.github.dbsnap.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Orders tables so that every table comes after the tables its foreign keys reference. */
final class TableOrder {
    private TableOrder() {
    }

    /**
     * Topological order, parents first; ties keep the input order. Self-references are ignored and
     * a cycle is broken at its first table in input order (such keys must be deferrable, or the
     * database must allow checks to be switched off during the load).
     */
    static List<TableDef> parentsFirst(List<TableDef> tables) {
        Map<String, TableDef> remaining = new LinkedHashMap<>();
        tables.forEach(t -> remaining.put(key(t.name()), t));
        List<TableDef> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            TableDef next = null;
            for (TableDef t : remaining.values()) {
                boolean ready = t.foreignKeys().stream().map(fk -> key(fk.referencedTable()))
                        .noneMatch(p -> !p.equals(key(t.name())) && remaining.containsKey(p));
                if (ready) {
                    next = t;
                    break;
                }
            }
            if (next == null) {
                next = remaining.values().iterator().next();
            }
            out.add(next);
            remaining.remove(key(next.name()));
        }
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
