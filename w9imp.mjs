const t0 = performance.now();
const mods = process.argv.slice(2);
let last = t0;
const out = [];
for (const m of mods) {
  await import(m);
  const now = performance.now();
  out.push(`${m}=${Math.round(now - last)}`);
  last = now;
}
console.log(out.join(' '), 'total', Math.round(last - t0));
