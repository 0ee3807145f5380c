package io.github.dbsnap.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;

/** Reads and writes {@link SchemaDoc} as JSON with Jackson. */
final class SchemaJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private SchemaJson() {
    }

    static byte[] write(SchemaDoc doc) throws IOException {
        return MAPPER.writeValueAsBytes(doc);
    }

    /** Reads without closing {@code in}. */
    static SchemaDoc read(InputStream in) throws IOException {
        SchemaDoc doc = MAPPER.readValue(in, SchemaDoc.class);
        if (doc == null || doc.tables() == null) {
            throw new IOException("schema.json holds no table list");
        }
        return doc;
    }
}
