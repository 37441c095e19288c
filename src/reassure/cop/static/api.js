// The COP's JSON API: bearer token from the URL fragment or the sign-in box, kept in
// sessionStorage (gone when the tab closes), never left in the address bar.

const TOKEN_KEY = "reassure.token";

/** The server refused the token (HTTP 401) or there is none. */
export class AuthError extends Error {}

/** Move `#token=...` from the address bar into sessionStorage. */
export function takeTokenFromUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (!params.has("token")) return;
  const token = params.get("token").trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  params.delete("token");
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
}

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token) => sessionStorage.setItem(TOKEN_KEY, token.trim());
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** GET an /api path as JSON; throws AuthError on 401 (and forgets the token). */
export async function api(path, params = {}) {
  const token = getToken();
  if (!token) throw new AuthError("Sign in with your token.");
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value != null && value !== "") url.searchParams.set(key, value);
  }
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    cache: "no-store",
  });
  if (response.status === 401) {
    clearToken();
    const body = await response.json().catch(() => ({}));
    throw new AuthError(`The server refused the token: ${body.detail ?? "401 Unauthorized"}.`);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(`${url.pathname}: HTTP ${response.status} ${reason(body) ?? response.statusText}`);
  }
  return response.json();
}

/** The reason in an error body: a text ``detail``, or a 422's list of
 * ``{loc, msg}`` (the parameter and what is wrong with it). */
function reason(body) {
  if (!Array.isArray(body.detail)) return body.detail;
  return body.detail.map((d) => `${(d.loc ?? []).slice(1).join(".")}: ${d.msg}`).join("; ");
}

/** Absolute URL of a public basemap layer (MapLibre's worker needs absolute URLs). */
export const basemapUrl = (layer) => new URL(`/basemap/${layer}.geojson`, location.origin).href;
