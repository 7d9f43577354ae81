// Prints the milliseconds `await import(SPEC)` takes inside an already running Node (start-up excluded).
const spec = process.argv[2] ?? 'trade-roundabout';
const t0 = performance.now();
await import(spec);
console.log((performance.now() - t0).toFixed(1));
