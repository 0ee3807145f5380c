/**
 * The embeddable HTTP admin API ({@code AdminApi}: create, restore, list, status, jobs) and the
 * Snapshots admin page, on the JDK's HTTP server.
 */
module io.github.dbsnap.http {
    requires io.github.dbsnap;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;

    exports io.github.dbsnap.http;
}
