/**
 * Builds dist/: the app (src/) and the sandbox (sandbox/) compiled by tsc with source maps, plus the sandbox's
 * static files (the playground's html/css/js), which tsc does not copy. Tests are not built.
 * Then the two production entry points are bundled by esbuild, for startup: dist/bundle/main.js (`npm start`) and
 * dist/bundle/digest.js (`npm run digest`). A bundle holds the app's code and its pure-ESM dependencies (hundreds
 * of small modules that Node 20 would otherwise load one by one); CommonJS and native packages stay external (Bolt
 * has loaded most of them already; axios is taken as the same CommonJS build Bolt uses). The sandbox stays out of
 * the bundle: main's dynamic import('../sandbox/start-sandbox.js') loads dist/sandbox/, only without credentials.
 *
 *   node scripts/build.mjs             build (npm run build, and npm install / npm ci through `prepare`)
 *   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than a source file
 *                                      (before npm start, npm run digest and npm run emulator)
 *
 * Plain JavaScript on purpose: it must run before anything is compiled and without tsx.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const SOURCE_DIRS = ['src', 'sandbox'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

const isTest = (file) => file.endsWith('.test.ts');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && !isTest(path)) yield path;
  }
}

function sources() {
  return [
    ...SOURCE_DIRS.flatMap((dir) => [...walk(join(ROOT, dir))]),
    ...SOURCE_FILES.map((file) => join(ROOT, file)).filter((file) => existsSync(file)),
  ];
}

/** The first source file changed after the last successful build, or null when dist/ is up to date. */
function staleBecause() {
  if (!existsSync(STAMP)) return 'dist/ has not been built yet';
  const builtAt = statSync(STAMP).mtimeMs;
  const newer = sources().find((file) => statSync(file).mtimeMs > builtAt);
  return newer ? `${relative(ROOT, newer)} changed since the last build` : null;
}

function findTsc() {
  try {
    // typescript's exports map hides bin/, so find the package and take its tsc from there.
    const manifest = createRequire(join(ROOT, 'package.json')).resolve('typescript/package.json');
    return join(dirname(manifest), 'bin', 'tsc');
  } catch {
    return null;
  }
}

/** Bundled into the entry points: pure ESM, no native code, no dynamic requires. Every other package is external. */
const BUNDLED_PACKAGES = ['kysely', 'zod', 'date-fns', '@date-fns/tz', 'croner'];
const BUNDLES = { main: 'src/main.ts', digest: 'src/digest/main.ts' };

const packageOf = (path) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);

async function bundle() {
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: BUNDLES,
    outdir: join(DIST, 'bundle'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'externals',
        setup(b) {
          // The sandbox: loaded from dist/sandbox/ by the same relative path (dist/bundle/ is one level deep too).
          b.onResolve({ filter: /start-sandbox\.js$/ }, (args) => ({ path: args.path, external: true }));
          b.onResolve({ filter: /^axios$/ }, () => ({ path: 'axios/dist/node/axios.cjs', external: true }));
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            BUNDLED_PACKAGES.includes(packageOf(args.path)) ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}

async function build() {
  const tsc = findTsc();
  if (!tsc) {
    if (existsSync(STAMP)) {
      process.stderr.write('build: TypeScript is not installed (a production install?); keeping the existing dist/\n');
      return 0;
    }
    process.stderr.write(
      'build: TypeScript is not installed, so dist/ cannot be built. Run `npm ci` (with dev dependencies), then `npm run build`.\n',
    );
    return 1;
  }
  rmSync(DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('build: tsc failed; dist/ was not built\n');
    return 1;
  }
  // Static files beside the code (the playground's page, styles and script) go where the compiled code looks.
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(join(ROOT, dir))) {
      if (extname(file) !== '.ts') cpSync(file, join(DIST, relative(ROOT, file)));
    }
  }
  try {
    await bundle();
  } catch (error) {
    process.stderr.write(`build: bundling failed: ${error instanceof Error ? error.message : error}\n`);
    return 1;
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return 0;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale) {
  const reason = staleBecause();
  if (reason) {
    process.stderr.write(`build: ${reason}; compiling…\n`);
    process.exitCode = await build();
  }
} else {
  process.exitCode = await build();
}
