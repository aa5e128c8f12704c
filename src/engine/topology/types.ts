/** An entry of the service catalogue: ownership and dependencies (requirements §4.2). */
export interface ServiceNode {
  /** Service name as it appears in the `service` label of metrics and alerts. */
  name: string;
  /** Owning team, used for routing and shown on incidents. */
  team?: string;
  /** Business tier: 1 is most critical. */
  tier?: 1 | 2 | 3 | 4;
  /** Services this one calls (edges point from caller to callee). */
  dependsOn: string[];
  runbookUrl?: string;
  /** Revenue at risk per hour of full outage, in the catalogue's currency. */
  revenuePerHour?: number;
  description?: string;
}

export interface ServiceCatalogue {
  services: ServiceNode[];
}
