// pdf.js warns on the console, some of it while its module loads: imported first by node_cli.ts,
// so that standard output keeps the reports only.
console.log = console.warn = (...a: unknown[]) => process.stderr.write(a.join(" ") + "\n");
