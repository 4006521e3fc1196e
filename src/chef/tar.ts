// A minimal ustar writer: entries -> one archive in memory (GNU and BSD tar read it), no dependency.
import { HangarError } from '../errors.js';
import type { RepoEntry } from './entries.js';

const BLOCK = 512;

/** Splits a path into ustar's prefix (<=155 bytes) and name (<=100 bytes) at a `/`. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new HangarError('chef.path', `a chef repo path is too long to ship: ${path}`, { exitCode: 2, hint: 'shorten the path (at most 255 bytes, a file name at most 100)' });
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One 512-byte header. */
export function tarHeader(entry: Pick<RepoEntry, 'path' | 'type' | 'mode' | 'mtime'> & { size: number }): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(entry.type === 'dir' ? `${entry.path}/` : entry.path);
  header.write(name, 0, 100);
  header.write(octal(entry.mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(entry.type === 'dir' ? 0 : entry.size, 12), 124);
  header.write(octal(Math.max(0, entry.mtime), 12), 136);
  header.write('        ', 148);
  header.write(entry.type === 'dir' ? '5' : '0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write(prefix, 345, 155);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/** The whole archive: each entry's header, its bytes padded to 512, then two empty blocks. */
export function packTar(entries: readonly RepoEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(tarHeader({ ...entry, size: entry.data.length }));
    if (entry.type === 'file' && entry.data.length) {
      parts.push(entry.data);
      const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
