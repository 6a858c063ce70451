// The explorer: pages drawn from the node's API (or a follower's), kept
// live by its WebSocket (GET /v1/ws), routed by the URL's fragment.
"use strict";

const API = new URL("../", document.baseURI);
const page = document.getElementById("page");
const live = { socket: null, handlers: new Set(), series: { backlog: [], accepted: [], proven: [] }, lastStatus: null, verifiedTxs: 0 };

// --- small helpers -------------------------------------------------------

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (key === "class") element.className = value;
    else element.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function link(href, text, cls) {
  return el("a", { href, class: cls }, text);
}

function hashLink(kind, value) {
  return link(`#/${kind}/${value}`, value, "hash");
}

function status(text) {
  return el("span", { class: `status ${text}` }, text);
}

function time(ms) {
  return ms ? new Date(ms).toISOString().replace("T", " ").replace(".000Z", "Z") : "—";
}

function details(pairs) {
  return el("dl", {}, pairs.flatMap(([key, value]) => [el("dt", {}, key), el("dd", {}, value)]));
}

function table(headers, rows, id) {
  return el("div", { class: "scroll" }, el("table", { id }, el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}

async function api(path) {
  const response = await fetch(new URL(path, API), { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function show(title, ...content) {
  document.title = `${title} · Rollup explorer`;
  page.replaceChildren(el("h1", {}, title), ...content);
}

function failure(error) {
  return el("p", { class: "error" }, String(error.message || error));
}

// --- live updates ----------------------------------------------------------

function connect() {
  const url = new URL("../v1/ws", document.baseURI);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const indicator = document.getElementById("live");
  let socket;
  try { socket = new WebSocket(url); } catch (error) { indicator.textContent = "no live updates"; indicator.className = "live off"; return; }
  live.socket = socket;
  socket.onopen = () => {
    indicator.textContent = "live";
    indicator.className = "live on";
    for (const topic of ["blocks", "status"]) socket.send(JSON.stringify({ op: "subscribe", topic }));
  };
  socket.onmessage = (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (event.type !== "event") return;
    record(event);
    for (const handler of live.handlers) handler(event);
  };
  socket.onclose = (close) => {
    indicator.textContent = `live updates stopped (${close.code}${close.reason ? ": " + close.reason : ""}); reconnecting`;
    indicator.className = "live off";
    live.socket = null;
    setTimeout(connect, 3000);
  };
}

function subscribe(request) {
  if (live.socket && live.socket.readyState === WebSocket.OPEN) live.socket.send(JSON.stringify({ op: "subscribe", ...request }));
}

// The series the charts draw, sampled from the events since the page opened.
function record(event) {
  const now = Date.now();
  for (const block of event.blocks || []) if (block.status === "verified") live.verifiedTxs += block.transactions;
  if (event.status) {
    const previous = live.lastStatus;
    live.series.backlog.push({ x: now, y: event.status.backlogBlocks });
    if (previous) {
      const seconds = Math.max(0.001, (now - previous.at) / 1000);
      const accepted = event.status.acceptedTransactions;
      if (accepted !== undefined && previous.accepted !== undefined) live.series.accepted.push({ x: now, y: (accepted - previous.accepted) / seconds });
      live.series.proven.push({ x: now, y: (live.verifiedTxs - previous.verified) / seconds });
    }
    live.lastStatus = { at: now, accepted: event.status.acceptedTransactions, verified: live.verifiedTxs };
    for (const series of Object.values(live.series)) if (series.length > 300) series.splice(0, series.length - 300);
  }
}

function onLive(handler) {
  live.handlers.add(handler);
  return handler;
}

// --- pages -------------------------------------------------------------------

function blockRow(block) {
  return el("tr", { "data-block": block.number },
    el("td", {}, link(`#/block/${block.number}`, `#${block.number}`)),
    el("td", {}, block.type),
    el("td", {}, status(block.status)),
    el("td", {}, block.transactions.length ?? block.transactions),
    el("td", {}, time(block.committedAt)),
    el("td", {}, block.proofMilliseconds ? `${(block.proofMilliseconds / 1000).toFixed(2)} s` : "—"));
}

async function blocksPage() {
  const status = await api("v1/status");
  const from = Math.max(1, status.lastCommittedBlock - 24);
  const blocks = status.lastCommittedBlock > 0 ? (await api(`v1/blocks?from=${from}&limit=25`)).blocks.reverse() : [];
  const body = blocks.map(blockRow);
  const summary = el("p", { id: "chain-summary" }, `Committed ${status.lastCommittedBlock}, verified ${status.lastVerifiedBlock}, pending ${status.pendingTransactions}.`);
  show("Latest blocks", summary, table(["Block", "Type", "Status", "Txs", "Committed", "Proof"], body, "blocks"));
  const tbody = page.querySelector("#blocks tbody");
  const handler = onLive((event) => {
    if (!event.blocks || !document.body.contains(tbody)) return;
    for (const b of event.blocks) {
      const existing = tbody.querySelector(`tr[data-block="${b.number}"]`);
      if (existing) {
        existing.children[2].replaceChildren(status(b.status));
        if (b.proofMilliseconds) existing.children[5].textContent = `${(b.proofMilliseconds / 1000).toFixed(2)} s`;
      } else {
        tbody.prepend(blockRow({ number: b.number, type: b.type, status: b.status, transactions: { length: b.transactions }, committedAt: Date.now(), proofMilliseconds: b.proofMilliseconds }));
      }
    }
  });
  return () => live.handlers.delete(handler);
}

async function chainPage() {
  const chain = await api("v1/chain");
  const types = Object.keys(chain.blockSizes).sort();
  const development = types.filter((t) => chain.setup[t] !== "ceremony");
  show("Chain",
    el("div", { class: "card" }, details([
      ["Chain id", el("span", { class: "hash", id: "chain-id" }, chain.chainId)],
      ["Salt", el("span", { class: "hash" }, chain.chainSalt)],
      ["Tree depth", `${chain.treeDepth} levels of 4 (${4 ** chain.treeDepth} accounts)`],
      ["Slots per block", types.map((t) => `${t} ${chain.blockSizes[t]}`).join(", ")],
      ["Transfer timeout", `${chain.transferBlockTimeoutMs / 1000} s`],
      ["Operator key", el("span", { class: "hash" }, chain.operatorPublicKey)],
      ["Bridge key", el("span", { class: "hash" }, chain.bridgePublicKey)],
      ["Genesis root", el("span", { class: "hash" }, chain.genesisRoot)],
      ["Settles on", chain.l1Binding
        ? el("span", { class: "hash", id: "l1-binding" }, `${chain.l1Binding.rollup} on L1 chain ${chain.l1Binding.l1ChainId}`)
        : "no L1 (the bridge key vouches for deposits)"],
    ])),
    el("h2", {}, "Circuits"),
    development.length > 0
      ? el("p", { class: "warning", id: "setup-warning" }, `Development setup for ${development.join(", ")}: whoever made these keys could forge proofs.`)
      : el("p", { id: "setup-warning" }, "Every circuit's keys come from a ceremony."),
    table(["Type", "Setup", "Verifying key hash"], types.map((t) => el("tr", {}, el("td", {}, t), el("td", {}, chain.setup[t]), el("td", { class: "hash" }, chain.keyHashes[t])))));
}

function describeSlot(slot, hash) {
  const tx = hash ? [hashLink("tx", hash), " "] : "";
  switch (slot.kind) {
    case "transfer": return [tx, `transfer ${slot.amount} from `, link(`#/account/${slot.from}`, slot.from), " to ", link(`#/account/${slot.to}`, slot.to), `, fee ${slot.fee}`];
    case "deposit": return [tx, `deposit ${slot.amount} to `, link(`#/account/${slot.account}`, slot.account)];
    case "exit": return [tx, `exit ${slot.amount} from `, link(`#/account/${slot.account}`, slot.account), `, fee ${slot.fee}, to L1 ${slot.l1Address}`];
    default: return [slot.kind];
  }
}

async function blockPage(number) {
  const block = await api(`v1/blocks/${number}`);
  const slots = decodePubdata(block.type, block.pubdata);
  let next = 0;
  const rows = slots.map((slot, i) => el("tr", {}, el("td", {}, i), el("td", { class: "slot" }, describeSlot(slot, slot.kind === "noop" ? null : block.transactions[next++]))));
  show(`Block ${block.number}`,
    el("div", { class: "card" }, details([
      ["Type", block.type], ["Status", status(block.status)],
      ["Old root", el("span", { class: "hash" }, block.oldRoot)], ["New root", el("span", { class: "hash" }, block.newRoot)],
      ["Commitment", el("span", { class: "hash" }, block.commitment)], ["Total fee", block.totalFee],
      ["Committed", time(block.committedAt)], ["Verified", time(block.verifiedAt)],
      ["Proved by", block.provedBy ? `${block.provedBy}${block.proofMilliseconds ? ` in ${(block.proofMilliseconds / 1000).toFixed(2)} s` : ""}` : "—"],
    ])),
    el("h2", {}, `Transactions (decoded from the pubdata, ${slots.length} slots)`),
    table(["Slot", "Transaction"], rows, "slots"),
    el("h2", {}, "Proof"),
    block.proof ? el("pre", { id: "proof" }, JSON.stringify(block.proof, null, 1)) : el("p", {}, "Not proved yet."),
    el("p", {}, link(`#/block/${block.number - 1}`, "← previous"), " ", link(`#/block/${block.number + 1}`, "next →")));
}

async function transactionPage(hash) {
  const draw = async () => {
    const tx = await api(`v1/transactions/${hash}`);
    const block = tx.block ? await api(`v1/blocks/${tx.block}`).catch(() => null) : null;
    const reached = { pending: 1, committed: 2, verified: 3, rejected: 2 }[tx.status] || 0;
    const journey = el("ol", { class: "journey", id: "journey" },
      el("li", { class: "done" }, "pending: accepted by the node"),
      tx.status === "rejected"
        ? el("li", { class: "done" }, `rejected: ${tx.reason || ""}`)
        : el("li", { class: reached >= 2 ? "done" : "" }, "committed", block ? [" in ", link(`#/block/${block.number}`, `block ${block.number}`), `, ${time(block.committedAt)}`] : ""),
      tx.status === "rejected" ? null : el("li", { class: reached >= 3 ? "done" : "" }, "verified", block && block.verifiedAt ? `, ${time(block.verifiedAt)}` : ""));
    const fields = Object.entries(tx).filter(([k]) => !["hash", "status", "reason", "block", "signature"].includes(k));
    show(`Transaction ${hash.slice(0, 10)}…`,
      el("div", { class: "card" }, details([["Hash", el("span", { class: "hash" }, tx.hash)], ["Status", status(tx.status)], ...fields.map(([k, v]) => [k, k === "account" || k === "from" || k === "to" ? link(`#/account/${v}`, v) : String(v)])])),
      el("h2", {}, "Journey"), journey);
    return tx;
  };
  const tx = await draw();
  if (tx.status === "verified" || tx.status === "rejected") return;
  subscribe({ topic: "transaction", hash: tx.hash });
  const handler = onLive((event) => { if (event.transaction && event.transaction.hash === tx.hash.toLowerCase()) draw().catch(() => {}); });
  return () => live.handlers.delete(handler);
}

async function accountPage(id) {
  const account = await api(`v1/accounts/${id}`);
  const history = await api(`v1/accounts/${id}/transactions?limit=50`).catch(() => ({ transactions: [] }));
  const state = (s) => (s ? `${s.balance} (nonce ${s.nonce})` : "—");
  const check = el("p", { id: "exit-proof-check", class: "check" }, "checking the exit proof…");
  show(`Account ${id}`,
    el("div", { class: "card" }, details([
      ["Public key", el("span", { class: "hash" }, account.publicKey)],
      ["Pending", el("span", { id: "balance-pending" }, state(account.pending))],
      ["Committed", el("span", { id: "balance-committed" }, state(account.committed))],
      ["Verified", el("span", { id: "balance-verified" }, state(account.verified))],
    ])),
    el("h2", {}, "Exit proof"), check,
    el("h2", {}, "History"),
    table(["Transaction", "Kind", "Status", "Block"], (history.transactions || []).map((tx) => el("tr", {},
      el("td", {}, hashLink("tx", tx.hash)), el("td", {}, tx.type || ""), el("td", {}, status(tx.status)), el("td", {}, tx.block ? link(`#/block/${tx.block}`, tx.block) : "—"))), "history"));
  await checkExit(id, check);
}

// Checks the account's exit proof here: leaf and path to the root, and the root against its verified block.
async function checkExit(id, check) {
  let proof;
  try { proof = await api(`v1/accounts/${id}/exit-proof`); } catch (error) {
    check.textContent = error.status === 404 ? "No exit proof yet: no verified block holds this account." : `Cannot fetch the exit proof: ${error.message}`;
    check.dataset.outcome = "none";
    return;
  }
  const result = checkExitProof(proof);
  let anchor = null;
  if (result.ok) {
    if (proof.block === 0) {
      const chain = await api("v1/chain");
      anchor = chain.genesisRoot === proof.root ? null : "the root is not the chain's genesis root";
    } else {
      const block = await api(`v1/blocks/${proof.block}`);
      anchor = block.status !== "verified" ? `block ${proof.block} is not verified` : block.newRoot !== proof.root ? `the root is not block ${proof.block}'s new root` : null;
    }
  }
  const ok = result.ok && anchor === null;
  check.className = `check ${ok ? "pass" : "fail"}`;
  check.dataset.outcome = ok ? "pass" : "fail";
  check.textContent = ok
    ? `✓ The exit proof holds: balance ${proof.balance}, nonce ${proof.nonce}, hashed in this page up to the verified root of block ${proof.block}.`
    : `✗ The exit proof does not hold: ${result.reason || anchor}.`;
}

async function proversPage() {
  const status = await api("v1/status");
  const provers = status.provers.map((p) => el("tr", {}, el("td", {}, p.name), el("td", {}, p.block ? link(`#/block/${p.block}`, p.block) : "idle"),
    el("td", {}, p.claimAgeSeconds !== undefined && p.claimAgeSeconds !== null ? `${p.claimAgeSeconds.toFixed(1)} s` : "—"),
    el("td", {}, p.heartbeatAgeSeconds !== undefined && p.heartbeatAgeSeconds !== null ? `${p.heartbeatAgeSeconds.toFixed(1)} s` : "—")));
  const failures = (status.flags || []).flatMap((f) => f.failures.map((x) => el("tr", {}, el("td", {}, link(`#/block/${f.block}`, f.block)), el("td", {}, x.prover), el("td", {}, x.reason))));
  show("Prover queue",
    el("p", { id: "queue-depth" }, `${status.proofQueueDepth} committed blocks wait for a proof; ${status.provers.length} provers live.`),
    el("h2", {}, "Claims"), table(["Prover", "Block", "Claimed for", "Since heartbeat"], provers, "provers"),
    el("h2", {}, "Failed runs of flagged blocks"), failures.length ? table(["Block", "Prover", "Reason"], failures, "failures") : el("p", {}, "None."),
    el("h2", {}, "Recent proofs"), table(["Block", "Seconds"], status.recentProofTimes.map((t) => el("tr", {}, el("td", {}, link(`#/block/${t.block}`, t.block)), el("td", {}, t.seconds.toFixed(2)))), "proof-times"));
}

async function chartsPage() {
  const draw = async () => {
    const status = await api("v1/status");
    const proofTimes = status.recentProofTimes.slice().reverse().map((t) => ({ x: t.block, y: t.seconds }));
    const rate = (series) => series.map((p) => ({ x: p.x, y: p.y }));
    show("Charts",
      el("div", { class: "card" }, barChart("Proof time per block (recent)", proofTimes, "s")),
      el("div", { class: "card" }, lineChart("Backlog since this page opened", [live.series.backlog], ["backlog"], "blocks")),
      el("div", { class: "card" }, lineChart("Transactions per second since this page opened", [rate(live.series.accepted), rate(live.series.proven)], ["accepted", "proven"], "tx/s")));
  };
  await draw();
  const handler = onLive((event) => { if (event.status && location.hash === "#/charts") draw().catch(() => {}); });
  return () => live.handlers.delete(handler);
}

async function searchPage(query) {
  const q = query.trim();
  const found = [];
  if (/^\d+$/.test(q)) {
    await api(`v1/blocks/${q}`).then(() => found.push(link(`#/block/${q}`, `Block ${q}`))).catch(() => {});
    await api(`v1/accounts/${q}`).then(() => found.push(link(`#/account/${q}`, `Account ${q}`))).catch(() => {});
  } else if (/^0x[0-9a-fA-F]{64}$/.test(q)) {
    await api(`v1/transactions/${q}`).then((tx) => found.push(link(`#/tx/${tx.hash}`, `Transaction ${tx.hash}`))).catch(() => {});
    await api(`v1/accounts/by-key/${q}`).then((a) => found.push(link(`#/account/${a.id}`, `Account ${a.id} (this public key)`))).catch(() => {});
  }
  show(`Search: ${q}`, found.length ? el("ul", { id: "results" }, found.map((f) => el("li", {}, f))) : el("p", { id: "results" }, "Nothing found: search a block number, an account id, a transaction hash or a public key (0x and 64 hex digits)."));
}

// --- routing -----------------------------------------------------------------

let leave = null;

async function route() {
  if (leave) { leave(); leave = null; }
  const parts = (location.hash || "#/").slice(2).split("/").map(decodeURIComponent);
  const [name, arg] = parts;
  try {
    switch (name) {
      case "": case "blocks": leave = await blocksPage(); break;
      case "chain": await chainPage(); break;
      case "block": await blockPage(Number(arg)); break;
      case "tx": leave = await transactionPage(arg); break;
      case "account": await accountPage(arg); break;
      case "provers": await proversPage(); break;
      case "charts": leave = await chartsPage(); break;
      case "search": await searchPage(arg || ""); break;
      default: show("Not found", el("p", {}, "No such page."));
    }
  } catch (error) {
    show("Cannot show this page", failure(error));
  }
  page.dataset.ready = location.hash || "#/";
}

document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = document.getElementById("search-input").value.trim();
  if (query) location.hash = `#/search/${encodeURIComponent(query)}`;
});
window.addEventListener("hashchange", route);
connect();
route();
