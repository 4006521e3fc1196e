// A minimal ustar writer (pax headers for long paths): entries -> one archive in memory (GNU and BSD tar read it), no dependency.
import type { RepoEntry } from './entries.js';

const BLOCK = 512;

/** Splits a path into ustar's prefix (<=155 bytes) and name (<=100 bytes) at a `/`; undefined when it does not fit. */
function splitPath(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  return undefined;
}

/** A pax `path=` record: its length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`);
}

const padded = (data: Buffer): Buffer[] => {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return pad ? [data, Buffer.alloc(pad)] : [data];
};

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

type HeaderFields = Pick<RepoEntry, 'mode' | 'mtime'> & { name: string; prefix: string; size: number; flag: string };

/** The header(s) of one entry: a pax header first when the path does not fit ustar's fields. */
export function tarHeaders(entry: Pick<RepoEntry, 'path' | 'type' | 'mode' | 'mtime'> & { size: number }): Buffer[] {
  const path = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const flag = entry.type === 'dir' ? '5' : '0';
  const size = entry.type === 'dir' ? 0 : entry.size;
  const split = splitPath(path);
  if (split) return [header({ ...split, size, flag, mode: entry.mode, mtime: entry.mtime })];
  const pax = paxRecord('path', path);
  const short = Buffer.from(path).subarray(0, 99).toString('latin1');
  return [
    header({ name: 'PaxHeader', prefix: '', size: pax.length, flag: 'x', mode: 0o644, mtime: entry.mtime }),
    ...padded(pax),
    header({ name: short, prefix: '', size, flag, mode: entry.mode, mtime: entry.mtime }),
  ];
}

function header(fields: HeaderFields): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { name, prefix } = fields;
  const entry = fields;
  header.write(name, 0, 100);
  header.write(octal(entry.mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(entry.size, 12), 124);
  header.write(octal(Math.max(0, entry.mtime), 12), 136);
  header.write('        ', 148);
  header.write(entry.flag, 156);
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
    parts.push(...tarHeaders({ ...entry, size: entry.data.length }));
    if (entry.type === 'file' && entry.data.length) parts.push(...padded(entry.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
