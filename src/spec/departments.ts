/** Reporting lines by top-level department (ELF convention; see the notes). */

export const EXECUTIVES = ["CTO", "CMO", "COO", "CFO", "CEO"] as const;
export type Executive = (typeof EXECUTIVES)[number];

const REPORTING: Record<Executive, readonly string[]> = {
  CTO: ["engineering", "qa", "devops", "infrastructure", "data"],
  CMO: ["marketing", "content", "brand", "social", "pr"],
  COO: ["operations", "hr", "facilities", "logistics", "support"],
  CFO: ["finance", "accounting", "budget", "treasury", "audit"],
  CEO: ["strategy", "vision", "executive", "board"],
};

export const DEPARTMENT_PATTERN = /^[a-z][a-z0-9_]{0,30}(?:\.[a-z][a-z0-9_]{0,30}){0,3}$/;

/** The executive a department reports to; unknown top levels report to the COO. */
export function reportsToFor(department: string): Executive {
  const top = department.split(".")[0] ?? "";
  for (const executive of EXECUTIVES) {
    if (REPORTING[executive].includes(top)) return executive;
  }
  return "COO";
}

export const KNOWN_TOP_DEPARTMENTS: readonly string[] = Object.values(REPORTING).flat();
