import type { ReportStatus } from '../../../domain/status.js';

/**
 * Status words in English, German, Dutch, French, Spanish, Italian and Portuguese. Failure words are
 * tried before warning words, warning words before success words (DESIGN §4), so "completed with
 * errors" is a failure even though "completed" is a success word. Negated success ("not successful",
 * "nicht erfolgreich", "non riuscita") is listed as failure for the same reason.
 */
const failure = [
  /\bfail(?:ed|ure|s|ing)?\b/i, /\berror(?:s)?\b/i, /\bunsuccessful\b/i, /\bnot (?:successful|completed)\b/i, /\babort(?:ed)?\b/i,
  /\bcritical\b/i, /\bfatal\b/i, /\binterrupted\b/i,
  /\bfehl(?:er|geschlagen|erhaft|gschlag)\w*/i, /\bnicht erfolgreich\b/i, /\babgebrochen\b/i,
  /\bmislukt\b/i, /\bfout(?:en)?\b/i, /\bniet gelukt\b/i, /\bafgebroken\b/i,
  /[ée]chou[ée]e?s?\b/i, /\berreur(?:s)?\b/i, /\binterrompue?\b/i,
  /\bfall(?:ido|ida|[oó])\b/i, /\berror(?:es)?\b/i, /\bcancelad[oa]\b/i,
  /\bnon riuscit[oa]\b/i, /\bfallit[oa]\b/i, /\berrore\b/i, /\binterrott[oa]\b/i,
  /\bfalh(?:ou|a|ado|ada)\b/i, /\berro(?:s)?\b/i,
];
const warning = [
  /\bwarn(?:ing|ings)?\b/i, /\bpartial(?:ly)?\b/i, /\bwith exceptions\b/i,
  /\bwarnung(?:en)?\b/i, /\bteilweise\b/i,
  /\bwaarschuwing(?:en)?\b/i, /\bgedeeltelijk\b/i,
  /\bavertissements?\b/i, /\bpartiel(?:le)?(?:ment)?\b/i,
  /\badvertencias?\b/i, /\bparcial(?:mente)?\b/i,
  /\bavvis[oi]\b/i, /\bavvertiment[oi]\b/i, /\bparziale\b/i,
  /\baviso(?:s)?\b/i, /\balerta(?:s)?\b/i,
];
const success = [
  /\bsuccess(?:ful|fully)?\b/i, /\bsucceeded\b/i, /\bcompleted\b/i, /\bok\b/i, /\bfinished\b/i,
  /\berfolgreich\b/i, /\babgeschlossen\b/i,
  /\bgeslaagd\b/i, /\bsucces(?:vol)?\b/i, /\bvoltooid\b/i,
  /\br[ée]ussie?\b/i, /\bsucc[èe]s\b/i, /\btermin[ée]e?\b/i,
  /\b[ée]xito\b/i, /\bcorrect(?:o|amente)\b/i, /\bcompletad[oa]\b/i,
  /\bsuccesso\b/i, /\bcompletat[oa]\b/i, /\briuscit[oa]\b/i,
  /\bsucesso\b/i, /\bconclu[íi]d[oa]\b/i,
];

export interface KeywordVerdict {
  status: ReportStatus;
  word: string | null;
}

/**
 * Phrases that name a failure word only to deny it ("completed without errors", "Errors: 0"); they are
 * removed before the words are looked for, so they do not turn a success into a failure.
 */
const deniedProblems = [
  /\b(?:without|no|zero|0)\s+(?:errors?|failures?|warnings?|problems?)\b/gi,
  /\bohne\s+(?:fehler|warnungen|probleme)\b/gi,
  /\bzonder\s+(?:fouten|waarschuwingen|problemen)\b/gi,
  /\bsans\s+(?:erreurs?|avertissements?|[ée]checs?)\b/gi,
  /\bsin\s+(?:errores|advertencias|fallos)\b/gi,
  /\bsenza\s+(?:errori|avvisi|avvertimenti)\b/gi,
  /\bsem\s+(?:erros|avisos|falhas)\b/gi,
  /\b(?:errors?|warnings?|failures?|failed|fehler|warnungen|fouten|erreurs?|errores|errori|erros)\s*[:=]\s*0\b/gi,
];

/** The status that the words of a text express, failure beating warning beating success. */
export function statusFromWords(input: string): KeywordVerdict {
  let text = input;
  for (const phrase of deniedProblems) text = text.replace(phrase, ' ');
  for (const [status, patterns] of [['failed', failure], ['warning', warning], ['success', success]] as const) {
    for (const pattern of patterns) {
      const found = pattern.exec(text);
      if (found) return { status, word: found[0] };
    }
  }
  return { status: 'unknown', word: null };
}

/** All status words, for removing them from a subject to leave the job name. */
export const statusWordPatterns: readonly RegExp[] = [...failure, ...warning, ...success];
