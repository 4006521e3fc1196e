// The documented limits of nodes.json: what hangar refuses before it can hurt a file name, an AWS name or the stack.

/** nodes.json larger than this is refused before it is read (a fleet of 2,000 groups is about 1.5 MB). */
export const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

/**
 * Objects and arrays nested deeper than this (the top-level object is depth 1) are refused,
 * so no parser, merge or renderer ever runs out of stack.
 */
export const MAX_DEPTH = 64;

/**
 * The longest group name. The strictest name a group becomes is its AMI name `G {{timestamp}}`
 * (AWS: at most 128 characters, G + 11) and its launch template `hangar-G` (at most 128, G + 7);
 * its ASG `G-yyyymmddHHMMss` (255), files `role-G.json` and `G-i-<17 hex>.json` (255 bytes) and
 * tag values (256) are looser. 100 leaves room under all of them.
 */
export const MAX_GROUP_NAME = 100;

/** Keys that would reach JavaScript's object machinery: refused anywhere in the file. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
