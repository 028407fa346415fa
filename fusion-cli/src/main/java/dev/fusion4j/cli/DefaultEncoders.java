package dev.fusion4j.cli;

import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.text.BertTextEncoder;

/** The text and audio encoders {@code train} uses; the image encoder is trained on the data. */
final class DefaultEncoders {
    private DefaultEncoders() {
    }

    /** The embedded all-MiniLM-L6-v2, mean-pooled: 384 values. Close it. */
    static BertTextEncoder text() {
        return BertTextEncoder.builder().build();
    }

    /**
     * Kaldi MFCCs and their deltas at 16 kHz (clips at other rates are resampled), pooled to the mean
     * and standard deviation over frames: 52 values.
     */
    static MfccAudioEncoder audio() {
        return MfccAudioEncoder.builder().config(MfccConfig.kaldi()).deltas(1).pooled(true).build();
    }
}
