// Talking to a running gate over its small loopback admin API: its state, its behaviours, and the local stand-in for
// the console's "Receive Billing Alerts" preference. Plain node:http, so `lab up` and `lab status` stay quick.
import { request } from 'node:http';
import type { Behaviours, Tuning } from './behaviours.js';
import type { GateStatus } from './server.js';

export type { GateStatus };

function call<T>(endpoint: string, method: string, path: string, body?: unknown, timeoutMs = 1000): Promise<{ code: number; value?: T }> {
  return new Promise((resolve) => {
    const url = new URL(path, endpoint);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // A connection of its own each time: a kept-alive one the gate has since closed would fail the call.
    const req = request(url, { method, timeout: timeoutMs, agent: false, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve({ code: res.statusCode ?? 0, value: JSON.parse(text) as T });
        } catch {
          resolve({ code: res.statusCode ?? 0 });
        }
      });
      res.on('error', () => resolve({ code: 0 }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ code: 0 }));
    req.end(payload);
  });
}

/** The gate's state, or undefined when what answers at `endpoint` is not a gate (or nothing answers). */
export async function gateStatus(endpoint: string): Promise<GateStatus | undefined> {
  const { code, value } = await call<GateStatus>(endpoint, 'GET', '/_gate/status');
  return code === 200 && value?.gate === true ? value : undefined;
}

export async function configureGate(endpoint: string, behaviours: Partial<Behaviours>, tuning?: Partial<Tuning>): Promise<GateStatus> {
  const { code, value } = await call<GateStatus>(endpoint, 'PUT', '/_gate/behaviours', { behaviours, tuning });
  if (code !== 200 || !value) throw new Error(`The gate at ${endpoint} did not take the new behaviours.`);
  return value;
}

export interface BillingAlertsOn {
  account: string;
  region: string;
  points: number;
}

/** Turns on "Receive Billing Alerts" for an account of the local cloud: AWS/Billing EstimatedCharges then exists. */
export async function turnOnBillingAlerts(endpoint: string, account: string): Promise<BillingAlertsOn> {
  const { code, value } = await call<BillingAlertsOn & { error?: string }>(endpoint, 'POST', '/_gate/billing-alerts', { account }, 10_000);
  if (code !== 200 || !value) throw new Error(value?.error ?? `No gate answers at ${endpoint}; billing alerts are a setting of the gated local cloud.`);
  return value;
}

/**
 * For tests only: the gate hides AWS/Billing metrics of an account again, as if billing alerts had never been turned on.
 * AWS has no such switch: once on, "Receive Billing Alerts" cannot be turned off.
 */
export async function turnOffBillingAlerts(endpoint: string, account: string): Promise<void> {
  const { code, value } = await call<{ error?: string }>(endpoint, 'DELETE', '/_gate/billing-alerts', { account }, 10_000);
  if (code !== 200) throw new Error(value?.error ?? `No gate answers at ${endpoint}; billing alerts are a setting of the gated local cloud.`);
}
