"""torchaudio side of AudioEncoderComparison: Fusion4J's two MFCC presets in torchaudio, one thread.

Usage: mfcc_bench.py CLIPS. CLIPS, written by the Java side, holds little-endian int32 clip count,
int32 lengths, then every clip's float32 samples at 16 kHz. Each clip is encoded on its own, as on
the Java side: 10 clips warm up, then the best of 5 passes over all clips. Prints
"version <torchaudio version>", then "<preset> <real-time factor>" for
  torchaudio  transforms.MFCC as MfccConfig.torchaudio(): n_fft 400, hop 200, periodic Hann, centred
              with reflect padding, power spectrum, 128 HTK mels 0-8000 Hz, dB with top_db 80,
              40 coefficients, orthonormal DCT-II
  kaldi       compliance.kaldi.mfcc as MfccConfig.kaldi(), on int16-scale samples (x 32768, as Kaldi's
              compute-mfcc-feats reads them): 25 ms frames every 10 ms, snip edges,
              DC removal, pre-emphasis 0.97, Povey window, FFT of 512, 23 mels 20-8000 Hz, natural
              log, 13 coefficients, lifter 22, dither 0, no energy
"""
import struct
import sys
import time

import torch
import torchaudio

SR = 16000

torch.set_num_threads(1)
with open(sys.argv[1], 'rb') as f:
    data = bytearray(f.read())
count, = struct.unpack_from('<i', data)
lengths = struct.unpack_from('<%di' % count, data, 4)
clips = torch.split(torch.frombuffer(data, dtype=torch.float32, offset=4 * (1 + count)), lengths)
seconds = sum(lengths) / SR

presets = {
    'torchaudio': torchaudio.transforms.MFCC(sample_rate=SR, n_mfcc=40, melkwargs={
        'n_fft': 400, 'hop_length': 200, 'n_mels': 128, 'f_min': 0.0, 'f_max': 8000.0, 'mel_scale': 'htk'}),
    'kaldi': lambda x: torchaudio.compliance.kaldi.mfcc(
        x.unsqueeze(0) * 32768, sample_frequency=SR, frame_length=25.0, frame_shift=10.0, num_mel_bins=23, low_freq=20.0,
        high_freq=8000.0, num_ceps=13, cepstral_lifter=22.0, dither=0.0),
}
print('version', torchaudio.__version__, flush=True)
with torch.inference_mode():
    for name, encode in presets.items():
        for clip in clips[:10]:
            encode(clip)
        best = 0.0
        for _ in range(5):
            start = time.perf_counter()
            for clip in clips:
                encode(clip)
            best = max(best, seconds / (time.perf_counter() - start))
        print(name, best, flush=True)
