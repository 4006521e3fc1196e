// Read nodes.json safely: a regular file only (never block on a FIFO or device), bounded size, strict UTF-8.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isHangarError, usageError } from '../errors.js';
import { MAX_CONFIG_BYTES } from './limits.js';

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a config file. It is opened non-blocking and checked with fstat before any
 * read, so a FIFO, a device or a directory is refused at once (exit 2), never read or waited on.
 */
export function readConfigBytes(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw usageError('config.not-file', `${path} is a directory, not a regular file`);
    throw usageError('config.read', `cannot read ${path}: ${code ?? String(error)}`, { cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw usageError('config.not-file', `${path} is ${kindOf(stats)}, not a regular file: hangar reads nodes.json only from a regular file`);
    }
    if (stats.size > MAX_CONFIG_BYTES) {
      throw usageError('config.too-large', `${path} is ${stats.size} bytes; nodes.json may be at most ${MAX_CONFIG_BYTES} bytes (32 MiB)`);
    }
    const buffer = Buffer.alloc(stats.size);
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } catch (error) {
    if (isHangarError(error)) throw error;
    throw usageError('config.read', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  } finally {
    closeSync(fd);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text of UTF-8 bytes (a BOM is dropped); bytes that are not UTF-8 are a usage error with their line:col. */
export function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    const line = before.filter((b) => b === 0x0a).length + 1;
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? 'end of file';
    throw usageError('config.encoding', `${path}:${line}:${column}: invalid UTF-8 (byte 0x${byte}); nodes.json must be UTF-8 text`);
  }
}

/** Byte offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min, max] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [length, min, max] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
      if (next === undefined || next < lo || next > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}
