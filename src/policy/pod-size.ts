/** The pod a team runs in: ELF's rule, small for up to 3 members, else twice that. */
export interface PodSize {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
  /** The requests as numbers, for the cost estimate. */
  cores: number;
  gib: number;
}

export function podSize(memberCount: number): PodSize {
  return memberCount <= 3
    ? {
        requests: { cpu: "100m", memory: "256Mi" },
        limits: { cpu: "500m", memory: "512Mi" },
        cores: 0.1,
        gib: 0.25,
      }
    : {
        requests: { cpu: "200m", memory: "512Mi" },
        limits: { cpu: "1", memory: "1Gi" },
        cores: 0.2,
        gib: 0.5,
      };
}
