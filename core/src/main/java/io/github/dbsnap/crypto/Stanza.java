package io.github.dbsnap.crypto;

import java.util.List;

/** One age recipient stanza: {@code -> type args…} followed by its base64 body. */
record Stanza(String type, List<String> args, byte[] body) {
    Stanza {
        args = List.copyOf(args);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Stanza bodies are wrapped file keys and salts, not secrets, but they add nothing to a log line. */
    @Override
    public String toString() {
        return "Stanza{" + type + ", " + args.size() + " args, " + body.length + " body bytes}";
    }
}
