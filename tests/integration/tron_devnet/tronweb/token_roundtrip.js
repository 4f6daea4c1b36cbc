// TronWeb 6 against Laurel's Tron devnet: read, build, sign, broadcast, deploy a TRC-20 token and call it.
// Usage: node token_roundtrip.js '{"url", "private_key", "artifact", "recipient", "amount"}'; prints JSON results.
"use strict";
const fs = require("node:fs");
const { TronWeb } = require("tronweb");

const FEE_LIMIT = 5_000_000_000;

async function receipt(tronWeb, txid) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const info = await tronWeb.trx.getTransactionInfo(txid);
    if (info && info.id) return info;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no receipt for ${txid}`);
}

async function sendSigned(tronWeb, transaction) {
  const signed = await tronWeb.trx.sign(transaction);
  const sent = await tronWeb.trx.sendRawTransaction(signed);
  if (!sent.result) throw new Error(`broadcast refused: ${JSON.stringify(sent)}`);
  return receipt(tronWeb, sent.txid || signed.txID);
}

async function main() {
  const args = JSON.parse(process.argv[2]);
  const tronWeb = new TronWeb({ fullHost: args.url, privateKey: args.private_key });
  const owner = tronWeb.defaultAddress.base58;
  const artifact = JSON.parse(fs.readFileSync(args.artifact, "utf8"));

  const block = await tronWeb.trx.getCurrentBlock();
  const ownerBalance = await tronWeb.trx.getBalance(owner);

  // TRX first: a plain transfer, built locally by TronWeb on the head block's reference.
  const trxTransfer = await tronWeb.transactionBuilder.sendTrx(args.recipient, 1_000_000, owner);
  const trxReceipt = await sendSigned(tronWeb, trxTransfer);

  const deployment = await tronWeb.transactionBuilder.createSmartContract(
    {
      abi: artifact.abi,
      bytecode: artifact.bytecode.replace(/^0x/, ""),
      feeLimit: FEE_LIMIT,
      parameters: ["Devnet Token", "DVT", 6, owner],
      name: "RewardToken",
    },
    owner,
  );
  const deployed = await sendSigned(tronWeb, deployment);
  const address = tronWeb.address.fromHex(deployed.contract_address);

  const token = tronWeb.contract(artifact.abi, address);
  const minterRole = await token.MINTER_ROLE().call();
  await receipt(tronWeb, await token.grantRole(minterRole, owner).send({ feeLimit: FEE_LIMIT }));
  const mintTxid = await token.mint(owner, args.amount * 2).send({ feeLimit: FEE_LIMIT });
  const minted = await receipt(tronWeb, mintTxid);
  const transferTxid = await token.transfer(args.recipient, args.amount).send({ feeLimit: FEE_LIMIT });
  const transferred = await receipt(tronWeb, transferTxid);

  const results = {
    head: block.block_header.raw_data.number || 0,
    owner,
    owner_balance: ownerBalance,
    trx_transfer: { txid: trxTransfer.txID, result: trxReceipt.receipt && trxReceipt.receipt.result },
    contract: address,
    deploy_txid: deployment.txID,
    mint: { txid: mintTxid, result: minted.receipt.result },
    transfer: { txid: transferTxid, result: transferred.receipt.result },
    symbol: await token.symbol().call(),
    decimals: Number(await token.decimals().call()),
    recipient_balance: (await token.balanceOf(args.recipient).call()).toString(),
    owner_token_balance: (await token.balanceOf(owner).call()).toString(),
  };
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : JSON.stringify(error)}\n`);
  process.exit(1);
});
