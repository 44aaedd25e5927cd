// Runs telegram-test-api (a third-party Bot API emulator from npm) for the Telegram adapter's tests.
// Usage: node emulator.js <port>. Prints "listening <port>" once it accepts connections; stops when stdin closes.
'use strict';
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node emulator.js <port>');
  process.exit(2);
}
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(
  () => console.log(`listening ${port}`),
  (error) => {
    console.error(`cannot listen on ${port}: ${error.message}`);
    process.exit(1);
  });
// The test owns the process: closing our stdin (or the test process ending) stops the emulator.
process.stdin.resume();
process.stdin.on('end', () => server.stop().finally(() => process.exit(0)));
