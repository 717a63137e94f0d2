/** `team-factory generate`: placeholder until the factory work lands (see issue 4). */
export async function runGenerateCommand(_args: string[]): Promise<number> {
  process.stderr.write("team-factory generate is not built yet\n");
  return 1;
}
