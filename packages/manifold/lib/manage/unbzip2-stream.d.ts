// unbzip2-stream ships no types: a through-stream that takes bzip2 bytes and gives the unpacked ones.
declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  export default function unbzip2Stream(): Duplex;
}
