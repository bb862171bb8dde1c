// Draws the calm pictures Hearth offers as a replacement background in a call (a soft-lit room,
// a wall of plants, an abstract gradient) and writes them as WebP files of the web app, where the
// build hashes them into /assets. Everything is drawn here from a fixed seed, so running it again
// gives the same pictures; the files are committed, and this script is only needed to change them.
//
// Usage: node tools/scripts/draw-backgrounds.mjs   (headless Chromium; CHROMIUM_PATH to override)
/* global document -- page.evaluate runs in the browser */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'apps/web/src/features/call/processing/backgrounds');
const width = 1280;
const height = 720;
/** Each file must stay small: it is fetched the first time a person picks it. */
const maxBytes = 60 * 1024;

/** Runs in the page: draws picture `name` on a canvas and returns it as a WebP data URL. */
function draw({ name, width, height, quality }) {
  let seed = 0x2f6b1d ^ name.length;
  const random = () => {
    // mulberry32: a small seeded generator, so the pictures never change between runs.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const sharp = document.createElement('canvas');
  sharp.width = width;
  sharp.height = height;
  const s = sharp.getContext('2d');
  const glow = (x, y, r, colour, alpha) => {
    const g = s.createRadialGradient(x, y, 0, x, y, r);
    g.addColorStop(0, `rgba(${colour}, ${alpha})`);
    g.addColorStop(1, `rgba(${colour}, 0)`);
    s.fillStyle = g;
    s.fillRect(0, 0, width, height);
  };

  if (name === 'room') {
    // A warm wall lit from a window on the left, a wooden floor, a shelf with books and a lamp.
    const wall = s.createLinearGradient(0, 0, width, 0);
    wall.addColorStop(0, '#efe2cc');
    wall.addColorStop(1, '#cdb79b');
    s.fillStyle = wall;
    s.fillRect(0, 0, width, height);
    s.fillStyle = '#f8f1e2';
    s.fillRect(90, 90, 300, 380);
    s.fillStyle = '#dcebf2';
    s.fillRect(110, 110, 120, 160);
    s.fillRect(250, 110, 120, 160);
    s.fillRect(110, 290, 120, 160);
    s.fillRect(250, 290, 120, 160);
    glow(240, 280, 520, '255, 244, 214', 0.7);
    const floor = s.createLinearGradient(0, 560, 0, height);
    floor.addColorStop(0, '#9c7653');
    floor.addColorStop(1, '#6f5139');
    s.fillStyle = floor;
    s.fillRect(0, 560, width, height - 560);
    s.fillStyle = '#7a5a3e';
    s.fillRect(820, 250, 360, 16);
    const spines = ['#5d7a8c', '#a0604a', '#d9b45a', '#6f8f6a', '#8c6d9a', '#c98b5e'];
    for (let x = 840; x < 1160;) {
      const w = 14 + random() * 22;
      const h = 70 + random() * 45;
      s.fillStyle = spines[Math.floor(random() * spines.length)];
      s.fillRect(x, 250 - h, w, h);
      x += w + 3;
    }
    s.fillStyle = '#4e3b2c';
    s.fillRect(1000, 380, 10, 190);
    s.fillStyle = '#f3dfb4';
    s.beginPath();
    s.moveTo(950, 390);
    s.lineTo(1060, 390);
    s.lineTo(1035, 320);
    s.lineTo(975, 320);
    s.closePath();
    s.fill();
    glow(1005, 380, 260, '255, 226, 160', 0.55);
  } else if (name === 'plants') {
    // A green wall: overlapping leaves in many greens, lighter towards the top.
    s.fillStyle = '#1f3b2a';
    s.fillRect(0, 0, width, height);
    const greens = ['#2f6b3f', '#3f8a4e', '#5aa05c', '#7dbb6a', '#2a5a3a', '#4f7f45', '#9ccc7e'];
    for (let i = 0; i < 700; i++) {
      const x = random() * width;
      const y = random() * height;
      const size = 28 + random() * 46;
      s.save();
      s.translate(x, y);
      s.rotate(random() * Math.PI * 2);
      s.fillStyle = greens[Math.floor(random() * greens.length)];
      s.globalAlpha = 0.75 + random() * 0.25;
      s.beginPath();
      s.ellipse(0, 0, size, size * 0.42, 0, 0, Math.PI * 2);
      s.fill();
      s.restore();
    }
    s.globalAlpha = 1;
    glow(width * 0.3, 0, 700, '230, 245, 200', 0.35);
    const shade = s.createLinearGradient(0, 0, 0, height);
    shade.addColorStop(0, 'rgba(0, 0, 0, 0)');
    shade.addColorStop(1, 'rgba(10, 25, 15, 0.45)');
    s.fillStyle = shade;
    s.fillRect(0, 0, width, height);
  } else {
    // An abstract gradient: dusk colours with a few large soft circles.
    const sky = s.createLinearGradient(0, 0, width, height);
    sky.addColorStop(0, '#33607a');
    sky.addColorStop(0.55, '#8f8aa6');
    sky.addColorStop(1, '#e9b38f');
    s.fillStyle = sky;
    s.fillRect(0, 0, width, height);
    glow(width * 0.18, height * 0.8, 420, '250, 210, 170', 0.5);
    glow(width * 0.82, height * 0.22, 380, '170, 210, 230', 0.45);
    glow(width * 0.55, height * 0.55, 300, '255, 235, 215', 0.25);
  }
  // Out of focus, as a real room behind a person would be; it also keeps the file small.
  ctx.filter = `blur(${name === 'gradient' ? 4 : 7}px)`;
  ctx.drawImage(sharp, -20, -20, width + 40, height + 40);
  return canvas.toDataURL('image/webp', quality);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const name of ['room', 'plants', 'gradient']) {
    let quality = 0.9;
    let bytes;
    for (;;) {
      const url = await page.evaluate(draw, { name, width, height, quality });
      bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      if (!url.startsWith('data:image/webp')) throw new Error('this Chromium wrote no WebP');
      if (bytes.length <= maxBytes || quality <= 0.4) break;
      quality -= 0.1;
    }
    const file = join(outDir, `${name}.webp`);
    writeFileSync(file, bytes);
    console.log(`${file}: ${statSync(file).size} B at quality ${quality.toFixed(1)}`);
  }
} finally {
  await browser.close();
}
