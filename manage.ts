// `npm run manage -- <command>`: Django's manage.py for a Manifold project.
import { runManage } from './lib/manage';

process.exitCode = await runManage(process.argv.slice(2));
