// The sandbox API: GET /api/state for what one person sees, POST /api/<gesture> for what they do.

export async function getState(user, channel, thread) {
  const query = new URLSearchParams({ user: user || "", channel: channel || "", thread: thread || "" });
  const response = await fetch(`/api/state?${query}`);
  return response.json();
}

export async function post(path, body) {
  const response = await fetch(`/api/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: response.statusText }));
  if (!response.ok) {
    const error = new Error(answer.error || `HTTP ${response.status}`);
    error.offerReset = Boolean(answer.offer_reset);
    throw error;
  }
  return answer;
}
