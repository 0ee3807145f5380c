package io.github.dbsnap;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Finds this machine's host name for {@code ${hostname}}. */
final class Hostnames {
    private Hostnames() {
    }

    static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
