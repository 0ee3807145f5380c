/** The {@code local} storage provider: snapshots in a directory on disk. */
module io.github.dbsnap.storage.local {
    requires io.github.dbsnap;
    requires org.slf4j;

    exports io.github.dbsnap.storage.local;

    provides io.github.dbsnap.spi.StorageProviderFactory with io.github.dbsnap.storage.local.LocalStorageProviderFactory;
}
