/** The {@code azure} storage provider on the Azure Storage Blob SDK. */
module io.github.dbsnap.storage.azure {
    requires io.github.dbsnap;
    requires org.slf4j;
    requires com.azure.core;
    requires com.azure.core.http.jdk.httpclient;
    requires com.azure.storage.blob;
    requires com.azure.storage.common;

    exports io.github.dbsnap.storage.azure;

    provides io.github.dbsnap.spi.StorageProviderFactory with io.github.dbsnap.storage.azure.AzureStorageProviderFactory;
}
