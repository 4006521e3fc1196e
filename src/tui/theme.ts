// The workbench's colours in one place: none at all when NO_COLOR is set (https://no-color.org).

export interface Theme {
  accent: string | undefined;
  muted: string | undefined;
  ok: string | undefined;
  warn: string | undefined;
  error: string | undefined;
  added: string | undefined;
  removed: string | undefined;
  hunk: string | undefined;
  base: string | undefined;
  group: string | undefined;
  merged: string | undefined;
  changed: string | undefined;
  /** Whether colours are on (inverse/bold still mark the cursor without them). */
  enabled: boolean;
}

const COLORS: Theme = {
  accent: 'cyan',
  muted: 'gray',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  added: 'green',
  removed: 'red',
  hunk: 'cyan',
  base: 'blue',
  group: 'magenta',
  merged: 'yellow',
  changed: 'yellow',
  enabled: true,
};

/** The theme for an environment: every colour undefined when NO_COLOR is set and not empty. */
export function createTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  if (env.NO_COLOR) {
    const none = Object.fromEntries(Object.keys(COLORS).map((key) => [key, undefined])) as unknown as Theme;
    return { ...none, enabled: false };
  }
  return COLORS;
}
