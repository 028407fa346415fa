package dev.fusion4j.dataset;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of one cache entry: a magic number, the entry's key, the features' shape, their values
 * and timestamps, big-endian, and a CRC-32C of all that. {@link #read} checks the length, the
 * checksum and the key, so a torn or corrupt entry is never taken for features.
 */
final class CacheEntry {
    private static final int MAGIC = 0x46344a31;   // "F4J1"
    private static final int KEY_BYTES = 64;
    private static final int HEADER = 4 + KEY_BYTES + 1 + 4 + 4;
    private static final byte SEQUENCE = 1;
    private static final byte TIMESTAMPS = 2;

    private CacheEntry() {
    }

    /** The entry of {@code features} under {@code key} (64 hexadecimal digits). */
    static byte[] write(String key, Features features) {
        int values = features.length() * features.dim();
        int size = HEADER + 4 * values + (features.hasTimestamps() ? 8 * features.length() : 0) + 4;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(MAGIC).put(key.getBytes(StandardCharsets.US_ASCII));
        buffer.put((byte) ((features.isSequence() ? SEQUENCE : 0) | (features.hasTimestamps() ? TIMESTAMPS : 0)));
        buffer.putInt(features.length()).putInt(features.dim());
        buffer.asFloatBuffer().put(features.toArray());
        buffer.position(buffer.position() + 4 * values);
        if (features.hasTimestamps()) {
            buffer.asDoubleBuffer().put(features.timestamps());
            buffer.position(buffer.position() + 8 * features.length());
        }
        buffer.putInt(checksum(buffer.array(), size - 4));
        return buffer.array();
    }

    /**
     * The features an entry holds.
     *
     * @throws CorruptEntryException saying what is wrong, if the entry is torn, fails its checksum,
     *     holds another key or invalid features
     */
    static Features read(String key, byte[] entry) {
        if (entry.length < HEADER + 4) {
            throw new CorruptEntryException("it has " + entry.length + " bytes, fewer than a header");
        }
        if (checksum(entry, entry.length - 4) != ByteBuffer.wrap(entry, entry.length - 4, 4).getInt()) {
            throw new CorruptEntryException("its checksum does not match its " + entry.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(entry, 0, entry.length - 4);
        if (buffer.getInt() != MAGIC || !key.equals(new String(entry, 4, KEY_BYTES, StandardCharsets.US_ASCII))) {
            throw new CorruptEntryException("it is not the entry of its key");
        }
        try {
            byte flags = buffer.position(4 + KEY_BYTES).get();
            int length = buffer.getInt();
            int dim = buffer.getInt();
            if (length < 1 || dim < 1 || (long) length * dim * 4 + ((flags & TIMESTAMPS) != 0 ? 8L * length : 0) != buffer.remaining()) {
                throw new CorruptEntryException("its shape [" + length + ", " + dim + "] does not fit its length");
            }
            float[] values = new float[length * dim];
            buffer.asFloatBuffer().get(values);
            if ((flags & SEQUENCE) == 0) {
                return Features.vector(values);
            }
            Features sequence = Features.sequence(values, length, dim);
            if ((flags & TIMESTAMPS) == 0) {
                return sequence;
            }
            double[] timestamps = new double[length];
            buffer.position(buffer.position() + 4 * values.length).asDoubleBuffer().get(timestamps);
            return sequence.withTimestamps(timestamps);
        } catch (InvalidFeaturesException | BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptEntryException("it holds no valid features: " + e.getMessage());
        }
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** An entry that is torn, corrupt or not of its key. */
    static final class CorruptEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }
}
