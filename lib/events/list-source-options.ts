// The sources the events filter offers (id and name only; the sources page has the heavier figures).
import { pool } from "@/lib/db";

export interface SourceOption {
  id: string;
  name: string;
}

export async function listSourceOptions(): Promise<SourceOption[]> {
  const { rows } = await pool().query<SourceOption>("SELECT id, name FROM sources ORDER BY lower(name), id");
  return rows;
}
