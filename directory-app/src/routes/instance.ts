import { infoPage } from '../pages/info.js';
import { sendHtml, sendJson } from '../respond.js';
import type { RouteHandler } from './context.js';

export const showInfo: RouteHandler = async (ctx, _req, res) => {
  sendHtml(res, 200, infoPage(await ctx.metadata.instanceInfo(), ctx.store.filePath));
};

export const showHealth: RouteHandler = async (ctx, _req, res) => {
  const { instanceId, availabilityZone } = await ctx.metadata.instanceInfo();
  sendJson(res, 200, { status: 'ok', instanceId, availabilityZone });
};
