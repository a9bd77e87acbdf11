/**
 * Step 1: the same outage reported twice: an alert through Alertmanager to one node and a
 * PagerDuty event to another, at once; then a burst of further alerts of the service from both,
 * spread over the nodes. One incident opens and every alert is attached to it.
 */
import type { DrillAlert } from '../alertmanager.ts';
import { check, waitFor } from '../drillState.ts';
import type { DrillState } from '../drillState.ts';
import type { StepLog } from '../stepLog.ts';
import { SERVICE } from '../world.ts';
import type { World } from '../world.ts';

const alert = (name: string, summary: string): DrillAlert => ({ alertname: name, service: SERVICE, severity: 'critical', summary, description: 'Error rate above 5% for 2 minutes on the checkout API.' });

async function pagerDutyTrigger(world: World, node: number, dedupKey: string, summary: string): Promise<void> {
  const res = await fetch(`${world.cluster.nodes[node]!.url}/api/alerts/pagerduty/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      routing_key: world.routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: { summary, source: 'synthetics:checkout-probe', severity: 'critical', component: 'checkout-api' },
      client: 'Datadog',
    }),
  });
  const body = await res.json();
  check(res.status === 202 && body.status === 'success', `PagerDuty intake on node ${node} answered ${res.status} ${JSON.stringify(body)}`);
}

async function incidentsOfService(world: World): Promise<Array<{ id: string; title: string }>> {
  const res = await world.cluster.api('GET', '/api/incidents', undefined, { node: 2 });
  return (res.body.incidents as Array<{ id: string; title: string; service: string }>).filter((i) => i.service === SERVICE);
}

async function alertsOf(world: World, incidentId: string): Promise<Array<{ source: string; name: string }>> {
  return (await world.cluster.api('GET', `/api/incidents/${incidentId}/export.json`, undefined, { node: 2 })).body.alerts;
}

export async function alertsArrive(world: World, state: DrillState, log: StepLog): Promise<void> {
  await Promise.all([
    world.alerts.fire([alert('CheckoutErrorRate', 'Checkout error rate above 5%')]),
    pagerDutyTrigger(world, 1, 'synthetics-checkout', 'Checkout synthetic probe failing'),
  ]);
  log.note(`alert via ${world.alerts.kind} → node 0; PagerDuty event → node 1`);
  const [incident] = await waitFor('an incident for checkout', () => incidentsOfService(world), (list) => list.length > 0);
  state.incidentId = incident!.id;
  await waitFor('both alerts on the incident', () => alertsOf(world, state.incidentId), (alerts) => new Set(alerts.map((a) => a.source)).size === 2);
  log.note(`${state.incidentId} "${incident!.title}" opened, fed by Alertmanager and PagerDuty`);

  const burst = world.size.alertBurst;
  const half = Math.ceil(burst / 2);
  await Promise.all([
    world.alerts.fire(Array.from({ length: half }, (_, i) => alert(`CheckoutBurst${i}`, `Checkout symptom ${i}`))),
    ...Array.from({ length: burst - half }, (_, i) => pagerDutyTrigger(world, i % 3, `burst-${i}`, `Checkout probe ${i} failing`)),
  ]);
  const alerts = await waitFor(`${2 + burst} alerts on the incident`, () => alertsOf(world, state.incidentId), (a) => a.length >= 2 + burst, 60_000);
  const incidents = await incidentsOfService(world);
  check(incidents.length === 1, `one incident for ${SERVICE} expected, found ${incidents.length}: ${incidents.map((i) => `${i.id} ${i.title}`).join('; ')}`);
  check(alerts.length === 2 + burst, `${2 + burst} alerts expected on ${state.incidentId}, found ${alerts.length}`);
  log.note(`a burst of ${burst} more alerts from both senders on all nodes: still one incident, ${alerts.length} alerts attached`);
}
