import { writeSync } from 'node:fs';
process.on('SIGTERM', () => { writeSync(2, 'handler\n'); process.exit(130); });
const t0 = Date.now();
setTimeout(() => { while (Date.now() - t0 < 3000); writeSync(2, 'busy done\n'); }, 100);
setInterval(() => {}, 1000);
