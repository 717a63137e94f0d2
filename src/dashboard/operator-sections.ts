/**
 * The operator page's sections, in order. Another section is one more line here: an
 * `OperatorSection` (operator-section.ts) that reads what it shows through the context.
 */
import { approvalsSection } from "./approvals-section.ts";
import { auditSection } from "./audit-section.ts";
import { backtestSection } from "./backtest-section.ts";
import { filterSection } from "./filter-section.ts";
import { installationsSection, repositoriesSection } from "./fleet-sections.ts";
import { gapsSection } from "./gaps-section.ts";
import { jobsSection } from "./jobs-section.ts";
import { metricsSection } from "./metrics-section.ts";
import type { OperatorSection } from "./operator-section.ts";
import { shadowSection } from "./shadow-section.ts";
import { slotsSection } from "./slots-section.ts";
import { summarySection } from "./summary-section.ts";

export const OPERATOR_SECTIONS: readonly OperatorSection[] = [
  summarySection,
  filterSection,
  approvalsSection,
  jobsSection,
  gapsSection,
  shadowSection,
  metricsSection,
  installationsSection,
  repositoriesSection,
  backtestSection,
  slotsSection,
  auditSection,
];
