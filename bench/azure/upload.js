// The Node SDK baseline of bench/run.sh's azure group: streams FILE into CONTAINER/KEY-<unique> with
// @azure/storage-blob's BlockBlobClient.uploadStream and its defaults (8 MiB buffers, 5 in flight),
// as an application would stream a backup. Usage: node upload.js CONTAINER KEY FILE (node upload.js
// CONTAINER creates the container); the connection
// string from AZURE_STORAGE_CONNECTION_STRING.
const fs = require('fs');
const { BlobServiceClient } = require('@azure/storage-blob');

async function main() {
  const [container, key, file] = process.argv.slice(2);
  if (!container) {
    console.error('usage: node upload.js CONTAINER [KEY FILE]  (without KEY FILE: creates CONTAINER)');
    process.exit(2);
  }
  const service = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING);
  if (!file) {
    await service.getContainerClient(container).createIfNotExists();
    return;
  }
  const blob = service.getContainerClient(container).getBlockBlobClient(`${key}-${process.hrtime.bigint()}`);
  const start = process.hrtime.bigint();
  await blob.uploadStream(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const size = fs.statSync(file).size;
  console.log(`uploaded ${size} bytes in ${seconds.toFixed(2)} s: ${(size / seconds / 1e6).toFixed(0)} MB/s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
