#!/usr/bin/env python3
"""Makes the embedded demo data set of fusion-examples (see src/main/resources/demo/README.md).

Needs Debian's python3-sklearn, python3-torchaudio and espeak-ng:
    apt-get install python3-sklearn python3-torchaudio espeak-ng
    python3 make_demo.py
Ten classes (the digits), three partly informative modalities:
  image   - the UCI optical digit (8x8, 0..16); 30 % get a random 4x4 block blanked out;
  audio   - the digit's name spoken by espeak-ng (five English voices, pitch and speed varied),
            with white noise at 5 to 25 dB SNR (-5 dB for one clip in five), 8 kHz 8-bit;
  caption - a short noisy caption: 55 % name the digit (with typos a third of the time), 30 % are
            uninformative, 15 % name another digit.
"""
import csv
import os
import random
import subprocess
import tempfile
import wave

import numpy as np
import torch
import torchaudio
from sklearn.datasets import load_digits

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'main', 'resources', 'demo')
WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
VOICES = ['en-gb', 'en-us', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan']
RATE = 8000
COUNT = 800
TRAIN = 600


def typo(word, rng):
    i = rng.randrange(len(word))
    return word[:i] + rng.choice('abcdefghijklmnopqrstuvwxyz') + word[i + 1:]


def caption(label, rng):
    kind = rng.random()
    if kind < 0.55:
        word = WORDS[label]
        if rng.random() < 1 / 3:
            word = typo(word, rng)
        template = rng.choice(['a handwritten {}', 'the digit {} written in pen', 'someone wrote {} here',
                               'a scanned {} from a form', 'number {} on a postcode'])
        return template.format(word)
    if kind < 0.85:
        return rng.choice(['a scanned note', 'some ink on paper', 'a small grey square', 'handwriting sample',
                           'a digit that is hard to read', 'a mark on a form'])
    other = (label + rng.randrange(1, 10)) % 10
    return 'a handwritten {}'.format(WORDS[other])


def speak(word, voice, pitch, speed, tmp):
    path = os.path.join(tmp, 'word.wav')
    subprocess.run(['espeak-ng', '-v', voice, '-p', str(pitch), '-s', str(speed), '-w', path, word], check=True)
    waveform, rate = torchaudio.load(path)
    waveform = torchaudio.functional.resample(waveform.mean(dim=0), rate, RATE)
    loud = (waveform.abs() > 0.02).nonzero()
    return waveform[loud[0]:loud[-1] + 1].numpy() if len(loud) else waveform.numpy()


def main():
    rng = random.Random(7)
    np_rng = np.random.default_rng(7)
    digits = load_digits()
    order = list(range(len(digits.images)))
    rng.shuffle(order)
    rows = []
    audio = []
    offset = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, index in enumerate(order[:COUNT]):
            label = int(digits.target[index])
            image = digits.images[index].astype(int)
            if rng.random() < 0.3:
                y, x = rng.randrange(5), rng.randrange(5)
                image[y:y + 4, x:x + 4] = 0
            clip = speak(WORDS[label], rng.choice(VOICES), rng.randrange(25, 75), rng.randrange(130, 200), tmp)
            snr = -5 if rng.random() < 0.2 else rng.uniform(5, 25)
            power = float(np.mean(clip ** 2)) or 1e-6
            clip = clip + np_rng.standard_normal(len(clip)) * np.sqrt(power / 10 ** (snr / 10))
            clip = np.clip(clip / max(1e-6, np.abs(clip).max()) * 0.9, -1, 1)
            pcm = np.round(clip * 127 + 128).astype(np.uint8)
            audio.append(pcm)
            rows.append({'id': 'd{:04d}'.format(n), 'split': 'train' if n < TRAIN else 'test', 'label': label,
                         'caption': caption(label, rng), 'audio_offset': offset, 'audio_length': len(pcm),
                         'pixels': ' '.join(str(v) for v in image.flatten())})
            offset += len(pcm)
    os.makedirs(OUT, exist_ok=True)
    with wave.open(os.path.join(OUT, 'audio-8k.wav'), 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(RATE)
        w.writeframes(np.concatenate(audio).tobytes())
    with open(os.path.join(OUT, 'digits.csv'), 'w', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == '__main__':
    main()
