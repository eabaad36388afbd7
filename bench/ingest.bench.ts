// Ingest benchmark (`npm run bench`): builds N messages from the parser fixtures with unique
// Message-IDs, then measures, each phase in its own process so peak RSS is its own:
//   mime      – the MIME library alone (postal-mime) over all messages
//   pipeline  – ingestMessage() into a fresh SQLite, with the durability of acknowledging sources (full sync)
//   batch     – the same with the bulk-import durability the CLI uses
//   cli       – `backupchecks ingest FOLDER` as a whole process over the messages written to a folder
// Prints messages per second, peak RSS and the pipeline/MIME ratio. Timings are printed, never asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PostalMime from 'postal-mime';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ingestMessage } from '../src/ingest/pipeline.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.env.BENCH_MESSAGES ?? process.argv.find((a) => /^\d+$/.test(a)) ?? 10_000);

function fixtures(): Buffer[] {
  const dir = join(root, 'src/ingest/parsers');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      try {
        return readdirSync(join(dir, d.name, 'fixtures')).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, d.name, 'fixtures', f)));
      } catch {
        return [];
      }
    });
}

/** The n-th message: a fixture with its Message-ID replaced (or added) so every message is new. */
function buildMessages(n: number): Buffer[] {
  const base = fixtures();
  return Array.from({ length: n }, (_, i) => {
    const text = base[i % base.length]!.toString('latin1');
    const id = `Message-ID: <bench-${i}@bench.example>`;
    const replaced = text.replace(/^Message-ID:.*$/im, id);
    return Buffer.from(replaced === text ? `${id}\r\n${text}` : replaced, 'latin1');
  });
}

async function phase(name: string): Promise<void> {
  const messages = buildMessages(count);
  const started = process.hrtime.bigint();
  if (name === 'mime') {
    for (const raw of messages) await PostalMime.parse(raw);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'bc-bench-'));
    const database = openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`, { durability: name === 'batch' ? 'batch' : 'full' });
    await migrateToLatest(database.db);
    const t0 = process.hrtime.bigint();
    for (const raw of messages) await ingestMessage(database.db, raw, { source: 'cli' });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    report(name, seconds);
    return;
  }
  report(name, Number(process.hrtime.bigint() - started) / 1e9);
}

function report(name: string, seconds: number): void {
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ phase: name, messages: count, seconds, perSecond: count / seconds, peakRssMb: peakMb })}\n`);
}

function runPhase(name: string): { perSecond: number; peakRssMb: number; seconds: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--phase', name, String(count)], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function runCliPhase(): { perSecond: number; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bc-bench-cli-'));
  const folder = join(dir, 'mails');
  mkdirSync(folder);
  buildMessages(count).forEach((raw, i) => writeFileSync(join(folder, `${String(i).padStart(6, '0')}.eml`), raw));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'ingest', '--json', '--no-progress', folder], {
    env: { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`cli ingest failed: ${result.stderr}`);
  return { seconds, perSecond: count / seconds };
}

const phaseArg = process.argv.indexOf('--phase');
if (phaseArg !== -1) {
  await phase(process.argv[phaseArg + 1]!);
} else {
  console.log(`ingest benchmark: ${count} messages built from ${fixtures().length} fixtures`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const mime = runPhase('mime');
  const full = runPhase('pipeline');
  const batch = runPhase('batch');
  const cli = runCliPhase();
  const line = (label: string, r: { perSecond: number; seconds: number; peakRssMb?: number }) =>
    console.log(`${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} msg/s  ${r.seconds.toFixed(2).padStart(7)} s${r.peakRssMb ? `  peak RSS ${r.peakRssMb.toFixed(0)} MB` : ''}`);
  line('MIME only (postal-mime)', mime);
  line('ingestMessage, SQLite, full sync per mail', full);
  line('ingestMessage, SQLite, batch durability', batch);
  line('CLI `backupchecks ingest FOLDER` (whole process)', cli);
  console.log(`pipeline / MIME ratio: full sync ${((full.perSecond / mime.perSecond) * 100).toFixed(0)} %, batch ${((batch.perSecond / mime.perSecond) * 100).toFixed(0)} % (goal ≥ 40 %, RSS < 300 MB)`);
}
