// The props of <ModelDemo />: which model of the library (its slug), optionally the version a post pins (without it
// the post follows the latest ready version), and the height reserved for the demo (px) so nothing below it moves
// when it comes alive. Plain ESM (the MDX compiler, the admin's picker and the tests read it; no React).
import { z } from 'zod';

/** A model slug, as the library stores it (MlModel.slug). */
export const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export const props = z
  .object({
    model: z.string().regex(SLUG, 'model은 모델 라이브러리의 slug입니다 (소문자, 숫자, -; 2–40자). / model is a slug of the model library (a-z, 0-9, -; 2–40 characters).'),
    version: z.number().int('version은 1 이상의 정수입니다. / version is an integer ≥ 1.').min(1, 'version은 1 이상의 정수입니다. / version is an integer ≥ 1.').max(100000).optional(),
    height: z.number().int().min(160, 'height는 160–1200 px입니다. / height is 160–1200 px.').max(1200, 'height는 160–1200 px입니다. / height is 160–1200 px.').optional(),
  })
  .strict();

/** @typedef {import('zod').infer<typeof props>} ModelDemoProps */
