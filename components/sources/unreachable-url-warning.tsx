// Shown where ingest URLs are: APP_URL names a host providers on the internet cannot reach.
import { Alert } from "@/components/ui/alert";

export function UnreachableUrlWarning({ host, reason }: { host: string; reason: string | null }) {
  return (
    <div className="mt-3" data-testid="unreachable-url-warning">
      <Alert tone="warning">
        <strong className="font-medium">Providers cannot reach this URL.</strong> Its host, <code className="font-mono text-xs">{host}</code>, is{" "}
        {reason ?? "not a public address"}: a webhook sent from the internet will never arrive. Set <code className="font-mono text-xs">APP_URL</code> to the
        public address of this server (e.g. <code className="font-mono text-xs">https://hooks.example.com</code>) and restart, or forward a public URL to
        it with a tunnel. Test events sent from this page still work.
      </Alert>
    </div>
  );
}
