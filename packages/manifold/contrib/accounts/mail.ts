// Delivering a password-reset link: SMTP through nodemailer when EMAIL_URL is set, else the server log (development).
import nodemailer from 'nodemailer';
import { logger } from '../../lib/log';
import { settings } from '../../lib/settings';

export async function sendResetLink(to: string, link: string, lang: 'ko' | 'en'): Promise<void> {
  const { emailUrl, emailFrom } = settings();
  if (!emailUrl) {
    logger.info(`Password reset link for ${to} (EMAIL_URL is not set, so it is printed here): ${link}`, { to });
    return;
  }
  const subject = lang === 'en' ? 'Reset your password' : '비밀번호 재설정';
  const text =
    lang === 'en'
      ? `Someone (hopefully you) asked to reset the password of ${to}.\n\nOpen this link within an hour to choose a new one:\n${link}\n\nIf it was not you, ignore this mail: nothing changes.`
      : `${to} 계정의 비밀번호 재설정을 요청하셨습니다.\n\n한 시간 안에 아래 링크를 열어 새 비밀번호를 정하세요.\n${link}\n\n요청하지 않으셨다면 이 메일을 무시하세요. 아무것도 바뀌지 않습니다.`;
  await nodemailer.createTransport(emailUrl).sendMail({ from: emailFrom, to, subject, text });
}
