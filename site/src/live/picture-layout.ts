// Where each piece of the picture goes (SVG user units, 720 wide), drawn in this order: containers before what
// they hold. Panels and zones are frames, not resources; connectors are solid once what they stand for exists.
import type { PieceId } from './picture.js';

export interface Box {
  id: PieceId;
  x: number;
  y: number;
  w: number;
  h: number;
  /** What kind of thing it is, in words. */
  kind: string;
  name: string;
  /** A container draws its label on one line at its top and holds other boxes. */
  container?: boolean;
}

export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

export interface Connector {
  /** The piece whose existence makes the line solid. */
  when: PieceId;
  d: string;
}

export const WIDTH = 720;
export const HEIGHT = 512;

/** The panels behind everything. */
export function panels(region: string): Frame[] {
  return [
    { x: 0, y: 0, w: 432, h: 180, label: 'IAM · global' },
    { x: 444, y: 0, w: 276, h: 180, label: 'Billing alerts · us-east-1' },
    { x: 0, y: 192, w: 720, h: 320, label: `Region · ${region}` },
  ];
}

/** The VPC's two Availability Zones, outlined over it (they hold the subnets, with room for their labels). */
export const ZONES: Frame[] = [
  { x: 24, y: 318, w: 262, h: 180, label: 'Availability Zone A' },
  { x: 298, y: 318, w: 262, h: 180, label: 'Availability Zone B' },
];

export const BOXES: Box[] = [
  { id: 'admins', x: 12, y: 30, w: 196, h: 140, kind: 'IAM group', name: 'Admins', container: true },
  { id: 'admin', x: 24, y: 56, w: 172, h: 44, kind: 'IAM user', name: 'admin' },
  { id: 'mfa', x: 24, y: 112, w: 172, h: 44, kind: 'Virtual MFA device', name: 'for admin' },
  { id: 'role', x: 220, y: 30, w: 200, h: 42, kind: 'IAM role', name: 'EmployeeDirectoryAppRole' },
  { id: 'policy', x: 220, y: 79, w: 200, h: 42, kind: 'Policy: the photos bucket', name: 'EmployeeDirectoryPhotosAccess' },
  { id: 'profile', x: 220, y: 128, w: 200, h: 42, kind: 'Instance profile', name: 'EmployeeDirectoryAppRole' },
  { id: 'alarm', x: 456, y: 30, w: 252, h: 38, kind: 'CloudWatch alarm · charges > 10 USD', name: 'billing-over-10-usd' },
  { id: 'topic', x: 456, y: 82, w: 252, h: 38, kind: 'SNS topic', name: 'billing-alerts' },
  { id: 'queue', x: 456, y: 134, w: 252, h: 38, kind: 'SQS queue, subscribed', name: 'billing-alerts-inbox' },
  { id: 'vpc', x: 12, y: 236, w: 560, h: 268, kind: 'VPC', name: 'app-vpc · 10.1.0.0/16', container: true },
  { id: 'igw', x: 392, y: 218, w: 168, h: 36, kind: 'Internet gateway', name: 'app-igw' },
  { id: 'route-table', x: 392, y: 266, w: 168, h: 42, kind: 'Route table · 0.0.0.0/0 → igw', name: 'public-rt' },
  { id: 'public-a', x: 34, y: 342, w: 242, h: 100, kind: 'Public subnet', name: 'public-a · 10.1.1.0/24', container: true },
  { id: 'web-sg', x: 44, y: 366, w: 222, h: 68, kind: 'Security group', name: 'web-sg · 80, 443', container: true },
  { id: 'instance', x: 54, y: 386, w: 202, h: 40, kind: 'EC2 instance · t3.micro', name: 'employee-directory' },
  { id: 'private-a', x: 34, y: 450, w: 242, h: 40, kind: 'Private subnet', name: 'private-a · 10.1.3.0/24', container: true },
  { id: 'public-b', x: 308, y: 342, w: 242, h: 100, kind: 'Public subnet', name: 'public-b · 10.1.2.0/24', container: true },
  { id: 'private-b', x: 308, y: 450, w: 242, h: 40, kind: 'Private subnet', name: 'private-b · 10.1.4.0/24', container: true },
  { id: 'bucket', x: 584, y: 266, w: 124, h: 56, kind: 'S3 bucket', name: 'employee-photos-…' },
];

export const CONNECTORS: Connector[] = [
  { when: 'alarm', d: 'M582 69 V81' },
  { when: 'subscription', d: 'M582 121 V133' },
  { when: 'route-table', d: 'M476 266 V254' },
];
