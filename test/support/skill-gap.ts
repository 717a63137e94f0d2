/** An issue asking for one skill as a person would write it: enough for the app to plan a team. */
export function skillGap(
  skill: string,
  title = `Gap for ${skill}`,
): { title: string; body: string } {
  return {
    title,
    body: `Several projects are blocked because nobody can do ${skill} work for them.\n\nSkills: ${skill}`,
  };
}
