#!/usr/bin/env python3
"""Makes the awkward images of the decoder tests with Debian's python3-pil: a CMYK JPEG (PIL reads it as RGB (255, 127, 0))."""
from PIL import Image

Image.new('CMYK', (8, 8), (0, 128, 255, 0)).save('cmyk.jpg', 'JPEG')
