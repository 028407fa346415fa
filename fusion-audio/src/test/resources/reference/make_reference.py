#!/usr/bin/env python3
"""Makes the reference signals and MFCCs the fusion-audio tests compare against.

Needs Debian's python3-torchaudio (torchaudio 0.13.1, torch 1.13.1) and espeak-ng:
    apt-get install python3-torchaudio libopenblas0-pthread espeak-ng
    python3 make_reference.py
Writes, next to this script: one 16-bit PCM WAV per signal (16 kHz), seven-22050.wav (espeak-ng's
native rate) and reference.json with, for each signal, the output of
torchaudio.transforms.MFCC()(waveform) and torchaudio.compliance.kaldi.mfcc(waveform * 32768) with
their defaults, where waveform holds the samples exactly as stored in the WAV (int16 / 32768), as
torchaudio.load returns them: torchaudio's MFCC on [-1, 1], Kaldi's on int16 scale as Kaldi's
compute-mfcc-feats reads a 16-bit WAV. Also torchaudio.functional.resample of the 22050 Hz word to
16 kHz, and of the first 0.1 s of the chirp to the odd rate 22254 Hz and back (in float64).
"""
import json
import os
import subprocess
import tempfile
import wave

import numpy as np
import torch
import torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
SR = 16000
ODD_RATE = 22254   # gcd with 16 kHz is 2: the Java resampler computes its kernel on the fly


def write_wav(path, samples, rate):
    pcm = np.clip(np.round(samples * 32768), -32768, 32767).astype('<i2')
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return pcm.astype(np.float32) / 32768


def read_wav(path):
    with wave.open(path, 'rb') as w:
        rate = w.getframerate()
        channels = w.getnchannels()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2').astype(np.float32) / 32768
    return pcm.reshape(-1, channels).mean(axis=1), rate


def main():
    t = np.arange(int(0.5 * SR)) / SR
    signals = {
        'tone': 0.5 * np.sin(2 * np.pi * 440 * t),
        'chirp': 0.5 * np.sin(2 * np.pi * (100 * t + (4000 - 100) / (2 * 0.5) * t ** 2)),
        'noise': 0.1 * np.random.default_rng(7).standard_normal(len(t)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        spoken = os.path.join(tmp, 'seven.wav')
        subprocess.run(['espeak-ng', '-v', 'en', '-w', spoken, 'seven'], check=True)
        word, rate = read_wav(spoken)
    stored_word = write_wav(os.path.join(HERE, 'seven-22050.wav'), word, rate)
    resampled = torchaudio.functional.resample(torch.tensor(stored_word), rate, SR).numpy()
    signals['seven'] = resampled

    reference = {'resample': {'from': rate, 'to': SR, 'output': resampled.astype(float).tolist()}}
    mfcc = torchaudio.transforms.MFCC()
    for name, samples in signals.items():
        stored = write_wav(os.path.join(HERE, name + '.wav'), samples, SR)
        x = torch.tensor(stored)
        reference[name] = {
            'torchaudio': mfcc(x).T.double().tolist(),
            'kaldi': torchaudio.compliance.kaldi.mfcc(x.unsqueeze(0) * 32768).double().tolist(),
        }
        if name == 'chirp':
            # in float64: torchaudio computes the kernel in the waveform's dtype, and in float32 its time
            # axis (up to 7 920 here) is off by ~5e-4, which moves the output by up to 5e-5
            up = torchaudio.functional.resample(x[:1600].double(), SR, ODD_RATE)
            down = torchaudio.functional.resample(up.float().double(), ODD_RATE, SR)
            reference['resample_odd'] = {'rate': ODD_RATE, 'samples': 1600, 'up': up.double().tolist(),
                                         'down': down.double().tolist()}
    reference['versions'] = {'torch': torch.__version__, 'torchaudio': torchaudio.__version__}
    with open(os.path.join(HERE, 'reference.json'), 'w') as f:
        json.dump(reference, f)


if __name__ == '__main__':
    main()
