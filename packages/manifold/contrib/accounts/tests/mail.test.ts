// Password-reset mail: through SMTP (nodemailer) when EMAIL_URL is set, here to a small SMTP server the test runs.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** The least SMTP that takes one message: enough for nodemailer, and it keeps what it was given. */
function smtpSink(): Promise<{ port: number; messages: Received[]; close: () => void }> {
  const messages: Received[] = [];
  const server = net.createServer((socket) => {
    let current: Received = { from: '', to: [], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(current);
            current = { from: '', to: [], data: '' };
            socket.write('250 queued\r\n');
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') (current.from = line), socket.write('250 ok\r\n');
        else if (verb === 'RCPT') current.to.push(line), socket.write('250 ok\r\n');
        else if (verb === 'DATA') (inData = true), socket.write('354 go on\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, messages, close: () => server.close() })));
}

/** A one-part message's text, undoing the transfer encoding nodemailer chose (quoted-printable or base64). */
function bodyText(data: string): string {
  const [head, ...rest] = data.split('\n\n');
  const body = rest.join('\n\n');
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

describe('password-reset mail', () => {
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  beforeAll(async () => {
    sink = await smtpSink();
    // Read by the settings on first use, in this test file's own process.
    process.env.EMAIL_URL = `smtp://127.0.0.1:${sink.port}`;
    process.env.EMAIL_FROM = 'blog@example.com';
  });
  afterAll(() => sink?.close());

  it('goes through SMTP to the user, with the link, in Korean or English', async () => {
    const { sendResetLink } = await import('../mail');
    await sendResetLink('ann@example.com', 'https://blog.example.com/accounts/password-reset/tok123', 'ko');
    await sendResetLink('bob@example.com', 'https://blog.example.com/accounts/password-reset/tok456?lang=en', 'en');
    expect(sink.messages).toHaveLength(2);
    const [ko, en] = sink.messages;
    expect(ko.from).toContain('blog@example.com');
    expect(ko.to.join()).toContain('ann@example.com');
    expect(ko.data).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(bodyText(ko.data)).toContain('https://blog.example.com/accounts/password-reset/tok123');
    expect(bodyText(ko.data)).toContain('한 시간 안에 아래 링크를 열어');
    expect(en.to.join()).toContain('bob@example.com');
    expect(en.data).toContain('Subject: Reset your password');
    expect(bodyText(en.data)).toContain('https://blog.example.com/accounts/password-reset/tok456?lang=en');
  });
});
