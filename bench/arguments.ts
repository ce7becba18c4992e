// Command-line options of the benchmarks: `--rows 100000` style numbers with a default.

/** The number after `name` on the command line, or `fallback` when the option is absent. */
export function numberArgument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
