/**
 * Benchmark of the upload validator's file inspection: time per file and peak memory for the
 * largest files the catalogue allows. It prints figures and asserts nothing; compare runs on the
 * same machine. Run with `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { inspectFile, type FileRule } from '../functions/uploads/inspect-file.ts';
import { buildSizedPdf } from '../test/fixtures/make-files.ts';

const MEGABYTE = 1024 * 1024;
const RULE: FileRule = { formats: ['PDF', 'JPEG', 'PNG'], maxSizeBytes: 10 * MEGABYTE };
const ROUNDS = 5;

/** Builds a scan-like JPEG: smooth gradients with light noise, about the size a phone camera writes. */
function buildJpeg(width: number, height: number): Uint8Array {
  const pixels = Buffer.alloc(width * height * 4);
  for (let index = 0; index < pixels.length; index += 4) {
    const pixel = index / 4;
    const shade = ((pixel % width) + Math.floor(pixel / width)) % 256;
    const noise = (pixel * 2654435761) >>> 28;
    pixels[index] = shade;
    pixels[index + 1] = (shade + noise) % 256;
    pixels[index + 2] = 255 - shade;
    pixels[index + 3] = 255;
  }
  return jpeg.encode({ data: pixels, width, height }, 85).data;
}

function buildPng(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let index = 0; index < png.data.length; index++) png.data[index] = (index * 40503) >>> 8;
  return PNG.sync.write(png);
}

async function measure(name: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const verdict = await inspectFile(bytes, RULE, contentType);
  const timings: number[] = [];
  let peakRss = process.memoryUsage().rss;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await inspectFile(bytes, RULE, contentType);
    timings.push(performance.now() - started);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  timings.sort((left, right) => left - right);
  const median = timings[Math.floor(timings.length / 2)]!;
  const size = (bytes.byteLength / MEGABYTE).toFixed(1);
  const verdictText = verdict.ok ? `accepted ${verdict.format}` : `rejected ${verdict.reasonCode}`;
  console.log(`${name.padEnd(28)} ${size.padStart(5)} MB  median ${median.toFixed(0).padStart(5)} ms  peak RSS ${(peakRss / MEGABYTE).toFixed(0)} MB  ${verdictText}`);
}

console.log(`Node ${process.version}, ${ROUNDS} rounds per file, inspectFile as the validator calls it`);
await measure('PDF at the 10 MB limit', await buildSizedPdf(10 * MEGABYTE), 'application/pdf');
await measure('JPEG 4000 x 3000 (12 MP)', buildJpeg(4000, 3000), 'image/jpeg');
await measure('PNG 2000 x 1500', buildPng(2000, 1500), 'image/png');
