// Hides the password (or token) in the userinfo of every URL in a text: `http://agent:***@host`, never the secret.
// Userinfo is never longer than a few hundred characters: bounded patterns keep a long line linear to scan.

/** scheme://userinfo@ : the userinfo runs to the last `@` before the authority ends (a password may hold an `@`). */
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#"'<>\\]{0,512})@/gi;

/** `user:pw@host` without a scheme (as gRPC names a target): only with a colon, so `a@b.c` stays. */
const BARE_USERINFO = /(^|[\s,;([='"])([^\s:/?#@"'<>\\]{1,128}):([^\s/?#"'<>\\]{0,512})@(?=[A-Za-z0-9[])/g;

/** `http://user:pw@h` -> `http://user:***@h`; `https://token@h` -> `https://***@h`. Text without userinfo is returned as is. */
export function redactUrls(text: string): string {
  if (!text.includes('@')) return text;
  return text
    .replace(USERINFO, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
    })
    .replace(BARE_USERINFO, (_match, before: string, user: string) => `${before}${user}:***@`);
}
