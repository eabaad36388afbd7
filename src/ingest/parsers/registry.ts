import type { Parser } from './parser.js';
import { genericParser } from './generic/generic.parser.js';

/**
 * Every parser, in the order they are tried: specific before generic. The first that claims a mail
 * wins, so order is precedence. Adding a parser is one folder plus one line here; a test fails when a
 * parser folder is missing from this list.
 */
export const parsers: readonly Parser[] = [
  genericParser,
];
