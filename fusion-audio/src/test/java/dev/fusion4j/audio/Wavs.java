package dev.fusion4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds WAV files byte by byte, for decoder tests. */
final class Wavs {
    private Wavs() {
    }

    /** A WAV with the given format tag, channels, rate and bits holding raw sample bytes. */
    static byte[] wav(int format, int channels, int rate, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }

    /** A WAV whose RIFF and data sizes are given instead of computed, for damaged headers. */
    static byte[] wavWithSizes(int riffSize, int dataSize, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(wav(1, 1, 16000, 16, data)).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(4, riffSize).putInt(40, dataSize).array();
    }

    static byte[] pcm16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static byte[] float32(float... samples) {
        ByteBuffer b = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }
}
