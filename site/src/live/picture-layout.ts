// The picture of the week's architecture as nested pieces: panels (IAM, billing, the region), what each piece holds,
// and the links between pieces. Laid out by CSS: side by side where there is room, stacked on a phone, so every
// label keeps a readable size and every name is whole.
import type { PieceId } from './picture.js';

export type PictureNode =
  /** A resource: what kind it is in words, its name, and what it holds (a VPC holds subnets…). */
  | { type: 'piece'; id: PieceId; kind: string; name: string; holds?: PictureNode[] }
  /** A line between two pieces, drawn solid once `when` exists. */
  | { type: 'link'; when: PieceId; label: string }
  /** An Availability Zone: a frame, not a resource. */
  | { type: 'zone'; label: string; holds: PictureNode[] }
  /** Pieces side by side where there is room. */
  | { type: 'row'; holds: PictureNode[] };

export interface Panel {
  label: string;
  holds: PictureNode[];
  /** The region panel spans the picture's width. */
  wide?: boolean;
}

const piece = (id: PieceId, kind: string, name: string, holds?: PictureNode[]): PictureNode => ({ type: 'piece', id, kind, name, ...(holds ? { holds } : {}) });

/** The photos bucket's canonical name in this account and region. */
export function bucketName(account: string, region: string): string {
  return `employee-photos-${account}-${region}`;
}

export function panels(region: string, bucket: string): Panel[] {
  return [
    {
      label: 'IAM · global',
      holds: [
        {
          type: 'row',
          holds: [
            piece('admins', 'IAM group', 'Admins', [piece('admin', 'IAM user', 'admin'), piece('mfa', 'Virtual MFA device', 'for admin')]),
            {
              type: 'zone',
              label: 'For the app’s instance',
              holds: [
                piece('role', 'IAM role', 'EmployeeDirectoryAppRole'),
                piece('policy', 'Policy: the photos bucket', 'EmployeeDirectoryPhotosAccess'),
                piece('profile', 'Instance profile', 'EmployeeDirectoryAppRole'),
              ],
            },
          ],
        },
      ],
    },
    {
      label: 'Billing alerts · us-east-1',
      holds: [
        piece('alarm', 'CloudWatch alarm · charges > 10 USD', 'billing-over-10-usd'),
        { type: 'link', when: 'alarm', label: '↓ notifies' },
        piece('topic', 'SNS topic', 'billing-alerts'),
        { type: 'link', when: 'subscription', label: '↓ subscription' },
        piece('queue', 'SQS queue', 'billing-alerts-inbox'),
      ],
    },
    {
      label: `Region · ${region}`,
      wide: true,
      holds: [
        {
          type: 'row',
          holds: [
            piece('vpc', 'VPC', 'app-vpc · 10.1.0.0/16', [
              {
                type: 'row',
                holds: [
                  piece('igw', 'Internet gateway', 'app-igw'),
                  { type: 'link', when: 'route-table', label: '← 0.0.0.0/0' },
                  piece('route-table', 'Route table · 0.0.0.0/0 → igw', 'public-rt'),
                ],
              },
              {
                type: 'row',
                holds: [
                  {
                    type: 'zone',
                    label: 'Availability Zone A',
                    holds: [
                      piece('public-a', 'Public subnet', 'public-a · 10.1.1.0/24', [
                        piece('web-sg', 'Security group', 'web-sg · 80, 443', [piece('instance', 'EC2 instance · t3.micro', 'employee-directory')]),
                      ]),
                      piece('private-a', 'Private subnet', 'private-a · 10.1.3.0/24'),
                    ],
                  },
                  {
                    type: 'zone',
                    label: 'Availability Zone B',
                    holds: [piece('public-b', 'Public subnet', 'public-b · 10.1.2.0/24'), piece('private-b', 'Private subnet', 'private-b · 10.1.4.0/24')],
                  },
                ],
              },
            ]),
            piece('bucket', 'S3 bucket', bucket),
          ],
        },
      ],
    },
  ];
}

/** The pieces a node shows, itself and all it holds. */
export function piecesIn(nodes: PictureNode[]): PieceId[] {
  return nodes.flatMap((node) => {
    if (node.type === 'link') return [node.when];
    const own = node.type === 'piece' ? [node.id] : [];
    return [...own, ...piecesIn(node.holds ?? [])];
  });
}
