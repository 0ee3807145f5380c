/**
 * The {@code azure} storage provider: snapshots as block blobs in Azure Blob Storage, uploaded as
 * staged blocks and made visible by one conditional commit. Use {@link
 * io.github.dbsnap.storage.azure.AzureStorageProviderFactory}, directly or through
 * {@code StorageProviders.create("azure", config)}.
 */
package io.github.dbsnap.storage.azure;
