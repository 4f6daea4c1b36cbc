// Checks the member's balance proof in the browser, trusting neither this page's server nor its database: the leaf
// is hashed again from the stated values and salt, the proof walked up to the root (OpenZeppelin's conventions:
// double-hashed leaf, sorted pairs), and the root read from the BalanceAnchor contract over the chain's JSON-RPC.
(function () {
  "use strict";
  var status = document.getElementById("anchor-status");
  var proof = JSON.parse(document.getElementById("balance-proof").textContent);

  function bytes(hex) {
    hex = hex.replace(/^0x/, "");
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
  function hex(array) {
    return Array.prototype.map.call(array, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function word(n) {
    var h = BigInt(n).toString(16);
    return bytes("0".repeat(64 - h.length) + h);
  }
  function concat(parts) {
    var size = parts.reduce(function (s, p) { return s + p.length; }, 0), out = new Uint8Array(size), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function keccak(data) { return bytes(keccak256(data)); }
  // abi.encode(bytes32 salt, string tenant, string member, string program, uint256 balance)
  function encode(salt, strings, balance) {
    var tails = strings.map(function (s) {
      var data = new TextEncoder().encode(s), padded = new Uint8Array(Math.ceil(data.length / 32) * 32);
      padded.set(data);
      return concat([word(data.length), padded]);
    });
    var offset = 5 * 32, heads = [bytes(salt)];
    tails.forEach(function (tail) { heads.push(word(offset)); offset += tail.length; });
    heads.push(word(balance));
    return concat(heads.concat(tails));
  }
  function fail() { status.textContent = status.dataset.failed; status.dataset.state = "failed"; }

  var v = proof.values;
  var leaf = hex(keccak(keccak(encode(proof.salt, [v.tenant, v.member, v.program], v.balance))));
  if ("0x" + leaf !== proof.leaf) return fail();
  var node = leaf;
  proof.proof.forEach(function (sibling) {
    var other = sibling.replace(/^0x/, "");
    node = hex(keccak(bytes(node < other ? node + other : other + node)));
  });
  if ("0x" + node !== proof.root) return fail();
  fetch(proof.rpc_url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: proof.contract, data: proof.call_data }, "latest"] }),
  }).then(function (answer) { return answer.json(); }).then(function (answer) {
    if (answer.result !== proof.root) return fail();
    status.textContent = status.dataset.verified.replace("{time}", new Date(proof.taken_at).toLocaleString(document.documentElement.lang));
    status.dataset.state = "verified";
  }).catch(fail);
})();
