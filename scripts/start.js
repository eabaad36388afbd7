#!/usr/bin/env node
// `npm start`: installs what is missing, builds when the sources are newer than the build, then runs
// `backupchecks serve` (which migrates the database before serving). Plain JavaScript on purpose: it
// must run before any dependency is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const lockTime = mtime(join(root, 'package-lock.json'));
const installedTime = mtime(join(root, 'node_modules', '.package-lock.json'));
if (!existsSync(join(root, 'node_modules')) || installedTime < lockTime) {
  console.error('[start] installing dependencies (npm ci)…');
  run('npm', ['ci']); // runs `prepare`, which builds
} else if (newest(join(root, 'src')) > Math.min(mtime(join(root, 'dist', 'cli', 'main.js')), mtime(join(root, 'dist', 'web', 'index.html')))) {
  // The server (dist/) and the web UI (dist/web) are built together; either one older than the sources rebuilds both.
  console.error('[start] building…');
  run('npm', ['run', 'build']);
}

// A process manager signals `npm start`; the server must get the signal too, or it is left running.
const serve = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => serve.kill(signal));
serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
// npm does not always pass a SIGTERM on to the script it runs: when our parent (npm, or its shell)
// goes away, stop the server as if we had been signalled.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) serve.kill('SIGTERM');
}, 1000).unref();

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
