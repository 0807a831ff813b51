export async function run(argv: string[]): Promise<number> {
  process.stdout.write(`info: not yet (${argv.join(" ")})\n`);
  return 0;
}
