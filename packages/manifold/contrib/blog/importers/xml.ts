// Streaming XML for the importers (WordPress WXR, RSS, Atom): saxes, one event at a time, never a DOM of the file.
// A DOCTYPE is refused outright (entities are how XXE and "billion laughs" get in); saxes knows only the five XML
// entities and numeric references without one, so any other entity is an error too. Errors name line and column.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFormatError } from './bundle';

export type XmlInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** The encoding an XML document declares (or its BOM says), for bytes; UTF-8 when it says nothing. */
export function sniffEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const start = new TextDecoder('latin1').decode(head.subarray(0, 300));
  const m = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start);
  if (!m) return 'utf-8';
  try {
    return new TextDecoder(m[1]!.toLowerCase()).encoding;
  } catch {
    throw new ImportFormatError('line 1', `unknown encoding "${m[1]}"`);
  }
}

function fromSaxesError(where: string, error: Error): ImportFormatError {
  const m = /^(?:.*?:)?(\d+):(\d+): (.*)$/s.exec(error.message);
  if (m) return new ImportFormatError(`${where}line ${m[1]}, column ${m[2]}`, m[3]!.split('\n')[0]!);
  return new ImportFormatError(`${where}`.replace(/ $/, '') || 'XML', error.message.split('\n')[0]!);
}

/**
 * Feeds the input to saxes and calls the handlers; throws ImportFormatError naming the line on broken XML, a
 * DOCTYPE or an error thrown by a handler. `label` prefixes the place ('export.xml ').
 */
export async function parseXml(input: XmlInput, handlers: XmlHandlers, label = ''): Promise<void> {
  const where = label ? `${label} ` : '';
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: Error | null = null;
  const at = () => `${where}line ${parser.line}, column ${parser.column}`;
  const guard = (fn: () => void) => {
    if (failure) return;
    try {
      fn();
    } catch (error) {
      failure = error instanceof ImportFormatError ? error : new ImportFormatError(at(), (error as Error).message);
    }
  };
  parser.on('doctype', () => {
    failure ??= new ImportFormatError(at(), 'a DOCTYPE is not allowed in an import (entities are refused)');
  });
  parser.on('opentag', (tag: SaxesTagPlain) => guard(() => handlers.open(tag.name, tag.attributes as Record<string, string>)));
  parser.on('closetag', (tag: SaxesTagPlain) => guard(() => handlers.close(tag.name)));
  parser.on('text', (text: string) => guard(() => handlers.text(text)));
  parser.on('cdata', (text: string) => guard(() => handlers.text(text)));
  parser.on('error', (error: Error) => {
    failure ??= fromSaxesError(where, error);
  });
  const write = (chunk: string) => {
    parser.write(chunk);
    if (failure) throw failure;
  };
  try {
    if (typeof input === 'string') write(input);
    else if (input instanceof Uint8Array) write(new TextDecoder(sniffEncoding(input)).decode(input));
    else {
      let decoder: TextDecoder | null = null;
      for await (const chunk of input) {
        if (typeof chunk === 'string') write(chunk);
        else {
          decoder ??= new TextDecoder(sniffEncoding(chunk));
          write(decoder.decode(chunk, { stream: true }));
        }
      }
      if (decoder) write(decoder.decode());
    }
    parser.close();
    if (failure) throw failure;
  } catch (error) {
    if (error instanceof ImportFormatError) throw error;
    throw fromSaxesError(where, error as Error);
  }
}
