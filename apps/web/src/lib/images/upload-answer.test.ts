import { describe, expect, it } from 'vitest';
import { parseUploadAnswer } from './upload-answer';

const id = `sha256:${'a'.repeat(64)}`;

describe('parseUploadAnswer', () => {
  it('reads what was loaded', () => {
    const text = JSON.stringify({ images: [{ id, references: ['web:1'] }] });
    expect(parseUploadAnswer(200, text)).toEqual({
      ok: true,
      result: { images: [{ id, references: ['web:1'] }] },
    });
  });

  it('keeps the refusal’s words and the field it names', () => {
    const text = JSON.stringify({ error: { message: 'not a tar archive', field: 'archive' } });
    expect(parseUploadAnswer(400, text)).toEqual({
      ok: false,
      message: 'not a tar archive',
      field: 'archive',
    });
    expect(parseUploadAnswer(403, JSON.stringify({ error: { message: 'operators only' } }))).toEqual({
      ok: false,
      message: 'operators only',
      field: null,
    });
  });

  it('says something useful when the body is not the expected JSON', () => {
    expect(parseUploadAnswer(413, 'too big')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/larger/),
    });
    expect(parseUploadAnswer(502, '')).toMatchObject({ ok: false, message: 'the upload failed (HTTP 502)' });
    expect(parseUploadAnswer(200, '{}')).toMatchObject({ ok: false });
  });
});
