// A county system written in JavaScript: publishes every example of contracts/examples to siphub.inbound,
// routing key = kind, as the contract README tells integrators. Usage: node publish-examples.js <amqp-uri> <examples-dir>
const amqp = require('amqplib');
const fs = require('fs');
const path = require('path');

async function main() {
  const [uri, dir] = process.argv.slice(2);
  const user = decodeURIComponent(new URL(uri).username);
  const connection = await amqp.connect(uri);
  const channel = await connection.createConfirmChannel();
  const kinds = fs.readdirSync(dir).filter(f => f.endsWith('.json') && f !== 'alert.json');
  for (const file of kinds) {
    const body = fs.readFileSync(path.join(dir, file));
    const { messageId } = JSON.parse(body);
    channel.publish('siphub.inbound', path.basename(file, '.json'), body, {
      persistent: true, contentType: 'application/json', messageId, userId: user,
    });
    console.log(`published ${file} as ${messageId}`);
  }
  await channel.waitForConfirms();
  await connection.close();
}

main().catch(error => { console.error(error); process.exit(1); });
