// Reads the downloads' spreadsheets without a library: the zip's central
// directory (node's zlib inflates the parts), then the first sheet's cells with
// the shared strings resolved. Enough to check what an XLSX file says.

import assert from 'node:assert/strict';
import zlib from 'node:zlib';

/** The files of a zip archive: Map name → Buffer. */
export function unzip(bytes) {
  const b = Buffer.from(bytes);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'not a zip file (no end of central directory)');
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let n = 0; n < count; n++) {
    assert.equal(b.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = b.readUInt16LE(p + 10), csize = b.readUInt32LE(p + 20);
    const nameLen = b.readUInt16LE(p + 28), extraLen = b.readUInt16LE(p + 30), commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + csize);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/**
 * The first sheet as rows of cell values (strings for text, numbers for
 * numbers), the formulas found (there must be none) and the raw XML parts.
 */
export function readXlsx(bytes) {
  const files = unzip(bytes);
  const sheetXml = files.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  assert.ok(sheetXml, `no sheet1 in ${[...files.keys()]}`);
  const ssXml = files.get('xl/sharedStrings.xml')?.toString('utf8') || '';
  const strings = [...ssXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1].matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1])).join(''));
  const rows = [];
  for (const rm of sheetXml.matchAll(/<row [^>]*r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const cm of rm[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...cm[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const v = /<v>([\s\S]*?)<\/v>/.exec(cm[3] || '');
      if (!v) continue;
      row[col] = /t="s"/.test(cm[2]) ? strings[Number(v[1])] : Number(v[1]);
    }
    rows[Number(rm[1]) - 1] = row;
  }
  return { rows, formulas: [...sheetXml.matchAll(/<f>/g)].length, sheetXml, files };
}
