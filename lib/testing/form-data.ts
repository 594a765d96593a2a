// FormData as a browser would send it, for the form readers' tests: one entry per field given (an
// array: one entry per value, as for repeated inputs), none for undefined (a field not shown).
export function formDataOf(fields: Record<string, string | string[] | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const each of value === undefined ? [] : Array.isArray(value) ? value : [value]) form.append(name, each);
  }
  return form;
}
