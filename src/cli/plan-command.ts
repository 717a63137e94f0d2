/** `team-factory plan`: placeholder until the spec work lands (see issue 3). */
export async function runPlanCommand(_args: string[]): Promise<number> {
  process.stderr.write("team-factory plan is not built yet\n");
  return 1;
}
