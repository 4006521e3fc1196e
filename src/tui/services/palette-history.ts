// The palette's command history, kept in .hangar/palette-history: bounded, zod-checked on read, written atomically.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { messageOf } from '../../errors.js';
import { readIfExists, writeAtomic } from '../../fs/atomic-write.js';
import { STATE_DIR_NAME, ensureStateDir } from '../../fs/state-dir.js';

/** Commands kept (the oldest go first). */
export const PALETTE_HISTORY_LIMIT = 200;
/** A longer line is not kept: nobody recalls it, and the file stays small. */
const MAX_LINE = 2000;
/** A bigger file is not read (it cannot be one hangar wrote). */
const MAX_FILE_BYTES = 1024 * 1024;
const FILE = 'palette-history';

const historySchema = z.object({
  version: z.literal(1),
  lines: z.array(z.string().max(MAX_LINE)).max(PALETTE_HISTORY_LIMIT * 2),
});

export interface PaletteHistory {
  /** Oldest first. */
  lines(): readonly string[];
  /** Remembers a command that ran (a repeat moves to the end); a file problem is returned, never thrown. */
  add(line: string): string | undefined;
}

/** The history of the project in `dir` (undefined: in memory only, e.g. tests), with the warning a bad file gave. */
export function openPaletteHistory(dir: string | undefined): { history: PaletteHistory; warning: string | undefined } {
  const path = dir ? join(dir, STATE_DIR_NAME, FILE) : undefined;
  let lines: string[] = [];
  let warning: string | undefined;
  if (path) {
    try {
      const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      if (size > MAX_FILE_BYTES) throw new Error(`${size} bytes, more than ${MAX_FILE_BYTES}`);
      const text = readIfExists(path);
      if (text !== undefined) lines = historySchema.parse(JSON.parse(text)).lines.slice(-PALETTE_HISTORY_LIMIT);
    } catch (error) {
      warning = `${path} is not a palette history (${error instanceof z.ZodError ? z.prettifyError(error).split('\n')[0] : messageOf(error)}): starting a new one`;
    }
  }
  return {
    warning,
    history: {
      lines: () => lines,
      add(line) {
        const text = line.trim();
        if (!text || text.length > MAX_LINE) return undefined;
        lines = [...lines.filter((l) => l !== text), text].slice(-PALETTE_HISTORY_LIMIT);
        if (!path || !dir) return undefined;
        try {
          ensureStateDir(dir);
          writeAtomic(path, `${JSON.stringify({ version: 1, lines })}\n`);
          return undefined;
        } catch (error) {
          return `could not save the palette history: ${messageOf(error)}`;
        }
      },
    },
  };
}
