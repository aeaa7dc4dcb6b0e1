package io.ltq.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a ZIP archive of entries that are already DEFLATE-compressed, which {@link
 * java.util.zip.ZipOutputStream} cannot take. Sizes and CRCs are known up front, so local headers
 * carry them and no data descriptors are needed. Names are UTF-8 (flag bit 11) and every entry
 * has the same fixed timestamp, 1980-01-01 00:00, so equal masks give byte-identical files.
 * ZIP64 is not written: an archive that would need it is refused.
 */
final class ZipWriter {

    private static final int LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int VERSION = 20;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int METHOD_DEFLATED = 8;
    private static final int DOS_TIME = 0;
    private static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01
    private static final long MAX_U32 = 0xffffffffL;

    private record Entry(byte[] name, long crc, long compressed, long size, long offset) {}

    private final OutputStream out;
    private final List<Entry> entries = new ArrayList<>();
    private final byte[] scratch = new byte[64];
    private long offset;

    ZipWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Adds one entry.
     *
     * @param name the entry name
     * @param data raw DEFLATE data, {@code length} bytes of it
     * @param crc the CRC-32 of the uncompressed content
     * @param size the uncompressed size
     */
    void add(String name, byte[] data, int length, long crc, long size) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 0xffff) {
            throw new IOException("Zip entry name is longer than 65535 bytes: " + name);
        }
        if (size > MAX_U32 || length > MAX_U32 || offset > MAX_U32 || entries.size() >= 0xffff) {
            throw new IOException(
                    "The mask archive is too large for a plain zip file (entry " + name
                            + "): ZIP64 is not supported.");
        }
        int p = 0;
        p = putInt(p, LOCAL_SIG);
        p = putShort(p, VERSION);
        p = putShort(p, FLAG_UTF8);
        p = putShort(p, METHOD_DEFLATED);
        p = putShort(p, DOS_TIME);
        p = putShort(p, DOS_DATE);
        p = putInt(p, (int) crc);
        p = putInt(p, length);
        p = putInt(p, (int) size);
        p = putShort(p, n.length);
        p = putShort(p, 0);
        out.write(scratch, 0, p);
        out.write(n);
        out.write(data, 0, length);
        entries.add(new Entry(n, crc, length, size, offset));
        offset += p + n.length + (long) length;
    }

    /** Writes the central directory and the end record; the stream is left open. */
    void finish() throws IOException {
        long start = offset;
        for (Entry e : entries) {
            int p = 0;
            p = putInt(p, CENTRAL_SIG);
            p = putShort(p, VERSION);
            p = putShort(p, VERSION);
            p = putShort(p, FLAG_UTF8);
            p = putShort(p, METHOD_DEFLATED);
            p = putShort(p, DOS_TIME);
            p = putShort(p, DOS_DATE);
            p = putInt(p, (int) e.crc);
            p = putInt(p, (int) e.compressed);
            p = putInt(p, (int) e.size);
            p = putShort(p, e.name.length);
            p = putShort(p, 0); // extra field length
            p = putShort(p, 0); // comment length
            p = putShort(p, 0); // disk number
            p = putShort(p, 0); // internal attributes
            p = putInt(p, 0); // external attributes
            p = putInt(p, (int) e.offset);
            out.write(scratch, 0, p);
            out.write(e.name);
            offset += p + e.name.length;
        }
        long dirSize = offset - start;
        if (start > MAX_U32 || dirSize > MAX_U32) {
            throw new IOException(
                    "The mask archive is too large for a plain zip file: ZIP64 is not supported.");
        }
        int p = 0;
        p = putInt(p, END_SIG);
        p = putShort(p, 0);
        p = putShort(p, 0);
        p = putShort(p, entries.size());
        p = putShort(p, entries.size());
        p = putInt(p, (int) dirSize);
        p = putInt(p, (int) start);
        p = putShort(p, 0);
        out.write(scratch, 0, p);
        offset += p;
    }

    private int putShort(int p, int v) {
        scratch[p] = (byte) v;
        scratch[p + 1] = (byte) (v >>> 8);
        return p + 2;
    }

    private int putInt(int p, int v) {
        putShort(p, v);
        putShort(p + 2, v >>> 16);
        return p + 4;
    }
}
