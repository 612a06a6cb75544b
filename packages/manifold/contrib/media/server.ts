// The media app's server manifest.
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  permissions: {},
});
