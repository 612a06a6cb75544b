// The one-time message an action left for this page (flash.ts), announced politely to screen readers.
import { FLASH_COOKIE, readFlash } from './flash';
import { FlashSeen } from './flash.client';

export async function Messages({ extra = [] }: { extra?: { level: 'success' | 'error' | 'info'; text: string }[] }) {
  const flash = await readFlash();
  const all = [...(flash ? [flash] : []), ...extra];
  if (all.length === 0) return null;
  return (
    <>
      <ul className="adm-messages" role="status">
        {all.map((m, i) => (
          <li key={i} className={`adm-msg--${m.level}`}>
            {m.text}
          </li>
        ))}
      </ul>
      {flash && <FlashSeen cookie={FLASH_COOKIE} />}
    </>
  );
}
