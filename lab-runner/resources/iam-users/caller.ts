// A reset run as one of the lab's own users (admin, with its own keys or an `aws login` session) must not take that
// user's permissions away halfway: removed from its group first, it could remove nothing else. So whatever the caller
// is, holds, or draws its permissions from is left in place, each with a line that says why; everything else goes.
import { KeptInPlace, type KindContext } from '../kind.js';
import { groupsOfUser } from './lookups.js';

/** Thrown by a kind's `remove` for what the caller needs: the reset lists it as kept, with this reason. */
export class LeftInPlace extends KeptInPlace {
  constructor(user: string, what: string) {
    super(`${user} is you (the identity running this reset): ${what} is left in place, since removing it would take your own access away halfway; reset as another identity (the root user or another administrator) to remove it.`);
  }
}

/** The IAM user the caller is (`arn:aws:iam::123456789012:user/admin` → `admin`), in this account; else undefined. */
export function callerUser(ctx: Pick<KindContext, 'caller' | 'account'>): string | undefined {
  const match = /^arn:[\w-]+:iam::(\d{12}):user\/(?:[^/]*\/)*([^/]+)$/.exec(ctx.caller);
  return match && match[1] === ctx.account ? match[2] : undefined;
}

/** Refuses to remove something of `user` when `user` is the caller. */
export function spareCaller(ctx: KindContext, user: string | undefined, what: string): void {
  const me = callerUser(ctx);
  if (me && user === me) throw new LeftInPlace(me, what);
}

/** Refuses to remove a group, or a policy of it, that the caller draws its permissions from. */
export async function spareCallersGroup(ctx: KindContext, group: string, what: string): Promise<void> {
  const me = callerUser(ctx);
  if (me && (await groupsOfUser(ctx.clients, me)).includes(group)) throw new LeftInPlace(me, `${what}, which your permissions come from,`);
}
