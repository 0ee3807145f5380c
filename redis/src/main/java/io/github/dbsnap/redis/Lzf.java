package io.github.dbsnap.redis;

import java.io.IOException;

/** LZF decompression, for RDB strings Redis stored compressed (keys; values are copied as they are). */
final class Lzf {
    private Lzf() {
    }

    /** @throws IOException when {@code in} does not decompress to exactly {@code out.length} bytes */
    static void decompress(byte[] in, byte[] out) throws IOException {
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) { // a literal run of ctrl + 1 bytes
                int n = ctrl + 1;
                if (ip + n > in.length || op + n > out.length) {
                    throw new IOException("corrupt LZF string");
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else { // a back reference
                int len = ctrl >> 5;
                if (len == 7) {
                    if (ip >= in.length) {
                        throw new IOException("corrupt LZF string");
                    }
                    len += in[ip++] & 0xff;
                }
                if (ip >= in.length) {
                    throw new IOException("corrupt LZF string");
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (ref < 0 || op + len > out.length) {
                    throw new IOException("corrupt LZF string");
                }
                for (int k = 0; k < len; k++) {
                    out[op++] = out[ref++]; // may overlap: byte by byte
                }
            }
        }
        if (op != out.length) {
            throw new IOException("corrupt LZF string");
        }
    }
}
