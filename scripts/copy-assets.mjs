// Copies the non-TypeScript files the compiled code reads (connector descriptors, seeds) next to
// it in dist/, so code finds them beside itself whether it runs from src/ (tests) or dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function copyYaml(dir) {
  for (const entry of readdirSync(join(root, dir))) {
    const rel = join(dir, entry);
    if (statSync(join(root, rel)).isDirectory()) copyYaml(rel);
    else if (/\.ya?ml$/.test(entry)) cpSync(join(root, rel), join(root, 'dist', rel));
  }
}

copyYaml('connectors');
