package io.github.dbsnap;

import java.util.Locale;

/** The compression layer of a snapshot: zstd (the default) or gzip. */
public enum Compression {
    /** Zstandard, file extension {@code zst}; levels -7..22, default 3. */
    ZSTD("zst", 3, -7, 22),
    /** gzip, file extension {@code gz}; levels 1..9, default 6. */
    GZIP("gz", 6, 1, 9);

    private final String extension;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(String extension, int defaultLevel, int minLevel, int maxLevel) {
        this.extension = extension;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** @return the file extension after {@code .tar.}: {@code zst} or {@code gz} */
    public String extension() {
        return extension;
    }

    /** @return the level used when none is given */
    public int defaultLevel() {
        return defaultLevel;
    }

    /** @return the lowercase name used in configuration and {@code snapshot.json} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param level a compression level
     * @return the level when this algorithm accepts it
     * @throws ConfigurationException otherwise
     */
    public int checkLevel(int level) {
        if (level < minLevel || level > maxLevel) {
            throw new ConfigurationException(id() + " level " + level + " is outside " + minLevel + ".." + maxLevel);
        }
        return level;
    }

    /**
     * @param id {@code zstd} or {@code gzip} (case-insensitive)
     * @throws ConfigurationException for anything else
     */
    public static Compression fromId(String id) {
        for (Compression c : values()) {
            if (c.id().equalsIgnoreCase(id.trim())) {
                return c;
            }
        }
        throw new ConfigurationException("unknown compression '" + id + "'; use zstd or gzip");
    }

    /** @return the compression whose extension this is, e.g. {@code zst} */
    static Compression fromExtension(String ext) {
        for (Compression c : values()) {
            if (c.extension.equals(ext)) {
                return c;
            }
        }
        throw new IllegalArgumentException(ext);
    }
}
