// For a list's GET filter form: the submit handler that navigates to the list's URL with the
// filled-in fields only (a plain GET form would also send the empty ones).
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";

export function useFilterSubmit(path: string): (event: FormEvent<HTMLFormElement>) => void {
  const router = useRouter();
  return (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    }
    router.push(params.size > 0 ? `${path}?${params}` : path);
  };
}

/** An ISO instant as a datetime-local value in UTC (seconds only when there are some). */
export function datetimeLocalValue(iso: string | null | undefined): string {
  if (!iso) return "";
  return iso.slice(0, iso.slice(16, 23) === ":00.000" ? 16 : 19);
}
