/**
 * dbsnap core: the public API ({@code io.github.dbsnap}), configuration from the environment
 * ({@code config}), the SPI that providers and sources implement ({@code spi}), age encryption
 * ({@code crypto}), the scheduler ({@code schedule}), status, notifications and metrics. The archive
 * format and the internal helpers are not exported.
 */
module io.github.dbsnap {
    requires org.slf4j;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires com.fasterxml.jackson.databind;
    requires com.cronutils;
    requires org.bouncycastle.provider;
    requires java.net.http;
    requires static micrometer.core;

    exports io.github.dbsnap;
    exports io.github.dbsnap.config;
    exports io.github.dbsnap.spi;
    exports io.github.dbsnap.crypto;
    exports io.github.dbsnap.schedule;
    exports io.github.dbsnap.status;
    exports io.github.dbsnap.notify;
    exports io.github.dbsnap.metrics;

    uses io.github.dbsnap.spi.StorageProviderFactory;
    uses io.github.dbsnap.spi.DatabaseSourceFactory;
    uses io.github.dbsnap.spi.SchedulerLockFactory;
}
