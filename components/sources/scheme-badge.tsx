import { Badge } from "@/components/ui/badge";

/** The verification scheme of a source; "none" is said plainly, in amber. */
export function SchemeBadge({ label, verifies }: { label: string; verifies: boolean }) {
  return verifies ? <Badge tone="blue">{label}</Badge> : <Badge tone="amber">Unverified</Badge>;
}

export function StatusBadge({ enabled }: { enabled: boolean }) {
  return enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>;
}
