package io.github.dbsnap.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Constants and the JSON mapper of the snapshot format. */
public final class Formats {
    /** Format name and major version written into {@code snapshot.json} and {@code manifest.json}. */
    public static final String FORMAT = "dbsnap/1";
    /** First entry. */
    public static final String HEADER_ENTRY = "snapshot.json";
    /** Last entry. */
    public static final String MANIFEST_ENTRY = "manifest.json";
    /** Largest {@code snapshot.json} or {@code manifest.json} accepted when reading. */
    public static final int MAX_JSON_BYTES = 4 * 1024 * 1024;
    /** Most data entries accepted in one snapshot. */
    public static final int MAX_ENTRIES = 100_000;
    /** The age format's first line. */
    public static final byte[] AGE_MAGIC = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

    /** JSON mapper for the format's entries; lenient on unknown fields, strict on sizes. */
    public static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(64).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final String VERSION = loadVersion();

    private Formats() {
    }

    /** @return this library's version, e.g. {@code 0.1.0} */
    public static String libraryVersion() {
        return VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = Formats.class.getResourceAsStream("/io/github/dbsnap/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
