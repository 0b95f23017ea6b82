// `npm start` builds the web faces only when needed: when web/dist is missing, or older than
// anything it is built from (web sources, the Vite config, the installed packages' lock file).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'web/dist');
const built = join(dist, '.vite/manifest.json');
// All of web/ but its output (every face's entry page, the sources, the config), and the lock file.
const sources = ['web', 'package-lock.json'].map((p) => join(root, p));

function newest(path) {
  if (path === dist || !existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) {
  console.log('web: up to date (web/dist)');
} else {
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
