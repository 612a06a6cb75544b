// A real node:cluster for cluster-workers.test.ts: the primary forks as cluster.mjs' setupWorkers() says (semi-space
// in MB from argv[2]) and prints what its one worker's V8 reports, as one JSON line: the heap's size limit (which
// counts the young generation) and the worker's Node options.
import cluster from 'node:cluster';
import v8 from 'node:v8';
import { setupWorkers } from '../../cluster.mjs';

if (cluster.isPrimary) {
  setupWorkers({ semiSpaceMb: Number(process.argv[2]), nodeOptions: '' });
  const w = cluster.fork();
  w.on('message', (msg) => {
    console.log(JSON.stringify(msg));
    w.kill();
  });
  setTimeout(() => process.exit(1), 20_000).unref();
} else {
  process.send?.({ heapSizeLimit: v8.getHeapStatistics().heap_size_limit, execArgv: process.execArgv });
}
