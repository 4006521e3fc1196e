// The one quoting function for values put into a remote shell command: POSIX single quotes.

/** `it's` -> `'it'\''s'`: the shell reads it back as exactly the same bytes; nothing inside is expanded. */
export function quoteShell(value: string): string {
  if (value.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
