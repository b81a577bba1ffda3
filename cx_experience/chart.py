# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The digest's small chart: a figure over its last periods, drawn as a PNG with Pillow.

Mail clients show no JavaScript and often no SVG, so the digest carries a plain image
(Pillow is a requirement of Odoo 11 itself). The chart draws the NPS of the last
periods on a fixed scale from -100 to +100 (the whole range of the score, so that two
digests compare at a glance), its 95 % margin as a band, and each value above its
point. A period without data is a gap, never a point at 0. The texts (dates, numbers)
come already written in the reader's language: nothing here knows about languages.
"""
import io

from PIL import Image, ImageDraw, ImageFont

SCALE = 2  # drawn twice as large, then reduced: smooth lines without anti-aliasing
BAND = (206, 224, 246)
LINE = (31, 95, 170)
GRID = (225, 228, 232)
AXIS = (120, 126, 134)
TEXT = (60, 64, 70)
Y_TICKS = (-100, -50, 0, 50, 100)


def _font(path, size):
    """The TrueType font at ``path`` (Odoo's Lato), else Pillow's own small one."""
    try:
        return ImageFont.truetype(path, size * SCALE) if path else ImageFont.load_default()
    except (IOError, OSError):
        return ImageFont.load_default()


def _text_width(draw, text, font):
    return draw.textsize(text, font=font)[0]


def trend_png(points, x_labels, value_labels, width=560, height=210, font_path=None,
              low=-100.0, high=100.0):
    """PNG bytes of ``points`` (``[(value or None, margin or None), ...]``, oldest
    first), each period named by ``x_labels`` and its value written as in
    ``value_labels`` (empty for a gap)."""
    if not (len(points) == len(x_labels) == len(value_labels)) or not points:
        raise ValueError("one label and one value label per point")
    w, h = width * SCALE, height * SCALE
    image = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = _font(font_path, 11)
    left, right = 44 * SCALE, 14 * SCALE
    top, bottom = 22 * SCALE, 30 * SCALE
    plot_w, plot_h = w - left - right, h - top - bottom

    def y_of(value):
        value = max(low, min(high, value))
        return top + plot_h * (high - value) / (high - low)

    step = plot_w / len(points)

    def x_of(index):
        return left + step * (index + 0.5)

    for tick in Y_TICKS:
        y = y_of(tick)
        draw.line([(left, y), (w - right, y)], fill=AXIS if tick == 0 else GRID,
                  width=SCALE)
        label = "%+d" % tick if tick else "0"
        draw.text((left - 6 * SCALE - _text_width(draw, label, font), y - 7 * SCALE),
                  label, fill=AXIS, font=font)
    # The band and the line run through consecutive periods with data only.
    runs, run = [], []
    for index, (value, margin) in enumerate(points):
        if value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((index, value, margin))
    if run:
        runs.append(run)
    for run in runs:
        banded = [p for p in run if p[2] is not None]
        if len(banded) > 1 and len(banded) == len(run):
            upper = [(x_of(i), y_of(v + m)) for i, v, m in run]
            lower = [(x_of(i), y_of(v - m)) for i, v, m in reversed(run)]
            draw.polygon(upper + lower, fill=BAND)
        for i, v, m in run:
            if m is not None:  # the margin of each point, also where no band joins them
                draw.line([(x_of(i), y_of(v + m)), (x_of(i), y_of(v - m))], fill=BAND,
                          width=6 * SCALE)
        if len(run) > 1:
            draw.line([(x_of(i), y_of(v)) for i, v, _m in run], fill=LINE, width=2 * SCALE)
    radius = 3 * SCALE
    for index, (value, _margin) in enumerate(points):
        x = x_of(index)
        label = x_labels[index]
        draw.text((x - _text_width(draw, label, font) / 2, h - bottom + 8 * SCALE), label,
                  fill=TEXT, font=font)
        if value is None:
            continue
        y = y_of(value)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=LINE)
        text = value_labels[index]
        draw.text((x - _text_width(draw, text, font) / 2, y - 17 * SCALE), text,
                  fill=LINE, font=font)
    image = image.resize((width, height), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
