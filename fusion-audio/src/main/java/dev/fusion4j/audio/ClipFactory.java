package dev.fusion4j.audio;

import dev.fusion4j.data.EncoderFactory;
import java.nio.file.Path;

/** What the audio encoders' factories share: their encoders take clips, read from WAV files or their bytes. */
abstract class ClipFactory implements EncoderFactory<AudioClip> {

    @Override
    public Class<AudioClip> inputType() {
        return AudioClip.class;
    }

    /** {@link WavDecoder#decode(byte[])}. */
    @Override
    public AudioClip read(byte[] content) {
        return WavDecoder.decode(content);
    }

    /** {@link WavDecoder#decode(Path)}. */
    @Override
    public AudioClip read(Path file) {
        return WavDecoder.decode(file);
    }
}
