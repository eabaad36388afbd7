import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { jobNameFromSubject } from './generic.parser.js';

describeFixtures('generic', import.meta.url);

describe('generic job name', () => {
  it.each([
    ['[Success] Daily VMs (3 objects)', 'Daily VMs'],
    ['Backup of nas01.acme.example failed at 2024-01-15 01:00', 'Backup of'],
    ['Re: Nightly SQL dump - Fehler - 15.01.2024 22:00:01', 'Nightly SQL dump'],
    ['Sicherung Fileserver erfolgreich (2/2)', 'Sicherung Fileserver'],
    ['', '(no subject)'],
  ])('turns "%s" into "%s"', (subject, name) => {
    expect(jobNameFromSubject(subject)).toBe(name);
  });
});

describe('generic status words', () => {
  it.each([
    ['Backup completed without errors', 'success'],
    ['Sicherung ohne Fehler abgeschlossen', 'success'],
    ['Errors: 0, Warnings: 2', 'warning'],
    ['Sauvegarde terminée avec des erreurs', 'failed'],
    ['Copia de seguridad finalizada con advertencias', 'warning'],
    ['Backup concluído com sucesso', 'success'],
  ])('reads "%s" as %s', async (body, status) => {
    const { statusFromWords } = await import('../support/keywords.js');
    expect(statusFromWords(body).status).toBe(status);
  });
});
