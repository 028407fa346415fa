/**
 * Audio decoding, filtering, MFCC and log-mel frames: encoders from audio to
 * {@link dev.fusion4j.data.Features}.
 */
@SuppressWarnings("requires-automatic")
module dev.fusion4j.audio {
    requires transitive dev.fusion4j.data;
    requires java.desktop;
    requires org.slf4j;
    requires TarsosDSP;

    exports dev.fusion4j.audio;

    provides dev.fusion4j.data.EncoderFactory with dev.fusion4j.audio.MfccAudioEncoder.Factory,
            dev.fusion4j.audio.TarsosMfccEncoder.Factory;
}
