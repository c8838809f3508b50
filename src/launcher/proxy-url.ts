// The AM's tracking page through the YARN web proxy: the link that works from a browser that can
// reach the ResourceManager but not the cluster's nodes, and through which the page's dask section
// replaces the bokeh dashboard (the proxy carries no websockets). It is what the RM reports as
// the tracking URL once the AM has registered, computed here from the Hadoop configuration so it
// is known without asking: yarn.web-proxy.address when a standalone proxy runs, else the (first)
// ResourceManager's web address — a standby RM redirects it to the active one — with http or
// https as yarn.http.policy says.
import { isLocalAppId } from "../control/local-layout.js";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import { addressesOf, type ClusterOptions } from "./cluster.js";

export function proxiedPageUrl(addresses: ClusterAddresses, appId: string): string | undefined {
  const base = addresses.webProxyUrl ?? addresses.resourceManagers[0]?.webUrl;
  if (base === undefined) return undefined; // resolveAddresses always names one RM
  return `${base.replace(/\/+$/, "")}/proxy/${encodeURIComponent(appId)}/`;
}

/** The proxied page of `appId` on the cluster `options` name; undefined for a local application (no RM). */
export function proxiedPageUrlOf(appId: string, options: ClusterOptions): string | undefined {
  return isLocalAppId(appId) ? undefined : proxiedPageUrl(addressesOf(options), appId);
}
