/**
 * Gives a postmortem document its sections the first time it is opened (issue 20): from the
 * incident type's `postmortemTemplate`, else POSTMORTEM_TEMPLATE_FILE, else the default outline.
 * The template is read when the document is first opened, not at declaration, so a team that
 * changes its template sees it in every postmortem not yet started.
 */
import * as Y from 'yjs';
import { AUTOMATION_USER } from '../auth/authenticator.ts';
import { DEFAULT_POSTMORTEM_SECTIONS, parsePostmortemTemplate, postmortemMaps } from '../../shared/postmortem.ts';
import { definitionsOf, readMeta, stateMaps } from '../../shared/stateDoc.ts';
import type { Room } from '../sync/Room.ts';
import { templateLines, writeLines } from './templateText.ts';

export function seedPostmortem(room: Room, stateRoom: Room, fileTemplate: string | null): void {
  const maps = postmortemMaps(room.doc);
  if (maps.outline.size > 0) return;
  const meta = readMeta(stateMaps(stateRoom.doc));
  const typeTemplate = meta ? definitionsOf(meta).type.postmortemTemplate : undefined;
  const template = typeTemplate ?? fileTemplate;
  const sections = template ? parsePostmortemTemplate(template) : DEFAULT_POSTMORTEM_SECTIONS;
  // Two nodes seeding at once write the same keys: the maps converge on one outline.
  room.change(AUTOMATION_USER.id, () => {
    sections.forEach((section, position) => {
      maps.outline.set(section.key, { title: section.title, position });
      const text = new Y.Text();
      maps.sections.set(section.key, text);
      writeLines(text, templateLines(section.body));
    });
  });
}
