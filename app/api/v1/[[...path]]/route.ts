// Any /api/v1 path no route serves – a JSON 404 `not_found` instead of Next's HTML page, for every
// method. (A wrong method on a path that exists is the proxy's JSON 405: proxy.ts.) Not an
// operation of the document: it is the answer for everything the document does not list.
import { apiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

const notFound = (): Response => apiError("not_found");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
