// The destinations and sources the deliveries filter offers, by name.
import { db } from "@/lib/db";

export interface FilterOption {
  id: string;
  name: string;
}

export async function listFilterOptions(): Promise<{ destinations: FilterOption[]; sources: FilterOption[] }> {
  const [destinations, sources] = await Promise.all([
    db().destination.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db().source.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { destinations, sources };
}
