import { html, layout, type SafeHtml } from '../html.js';
import type { InstanceInfo } from '../imds.js';

export function infoPage(info: InstanceInfo, recordsFile: string): SafeHtml {
  const shown = (value: string | null): string => value ?? 'unknown (the instance metadata service did not answer)';
  return layout(
    'Instance info',
    html`<h1>Instance info</h1>
<p>This page was served by the instance below, read from the EC2 instance metadata service (IMDSv2).</p>
<dl class="facts">
<dt>Instance ID</dt><dd>${shown(info.instanceId)}</dd>
<dt>Availability Zone</dt><dd>${shown(info.availabilityZone)}</dd>
<dt>Region</dt><dd>${shown(info.region)}</dd>
</dl>
<div class="note">
<h2>Where the records live</h2>
<p>Employee records are kept in a file on this instance's own disk (<code>${recordsFile}</code>).
They die with the instance: terminate it, or replace it, and the records are gone.
The photos stay in the S3 bucket, but the records that point to them do not.
That is why a later week moves the records to a database (DynamoDB or RDS).</p>
</div>`,
  );
}
