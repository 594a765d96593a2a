// POST /in/[key] – receive a webhook (public; the key in the URL selects the source).
import { receive } from "@/lib/ingest/receive";

export const dynamic = "force-dynamic";

async function handle(request: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return receive({ key, request });
}

export { handle as POST, handle as PUT, handle as PATCH, handle as GET, handle as DELETE };
